namespace ClbWorker.Tencent.Client;

/// <summary>Classification of Tencent Cloud API 3.0 error codes, as a pure function.</summary>
public static class TencentErrorCodes
{
    private const string SignatureExpire = "AuthFailure.SignatureExpire";

    /// <summary>The session token is missing, wrong or expired: temporary credentials to renew, then try again once.</summary>
    public const string TokenFailure = "AuthFailure.TokenFailure";

    /// <summary>
    /// Classifies <paramref name="code"/> by its category, the part before the first dot
    /// (<c>RequestLimitExceeded.UinLimitExceeded</c> is a rate limit). Only <c>AuthFailure.SignatureExpire</c>
    /// is singled out inside its category. Matching is ordinal: Tencent's codes are case-exact.
    /// </summary>
    /// <remarks>
    /// A code outside the table is <see cref="TencentErrorKind.Unknown"/>, whose safe reading is "retry with
    /// backoff and make it visible": treating an unknown code as permanent would fail tasks that may still
    /// finish, which cannot be undone, while a needless retry costs only a few rate-limited requests. It is
    /// kept apart from <see cref="TencentErrorKind.Transient"/> so that new codes can be noticed and added here.
    /// </remarks>
    public static TencentErrorKind Classify(string? code)
    {
        if (string.IsNullOrEmpty(code))
            return TencentErrorKind.Unknown;
        if (code == SignatureExpire || code.StartsWith(SignatureExpire + ".", StringComparison.Ordinal))
            return TencentErrorKind.ClockSkew;

        var dot = code.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? code : code[..dot]) switch
        {
            "RequestLimitExceeded" => TencentErrorKind.RateLimited,
            "AuthFailure" or "UnauthorizedOperation" => TencentErrorKind.CredentialsRejected,
            "IpInBlacklist" or "IpNotInWhitelist" => TencentErrorKind.NetworkPolicy,
            "InvalidParameter" or "InvalidParameterValue" or "MissingParameter" or "UnknownParameter"
                or "UnsupportedRegion" or "ResourceNotFound" => TencentErrorKind.InvalidRequest,
            "InternalError" or "ServiceUnavailable" or "ResourceUnavailable" or "FailedOperation"
                or "ResourceInUse" => TencentErrorKind.Transient,
            "InvalidAction" or "NoSuchVersion" or "NoSuchProduct" or "ActionOffline" or "UnsupportedProtocol"
                or "RequestSizeLimitExceeded" or "InvalidRequest" => TencentErrorKind.ClientMisbuilt,
            _ => TencentErrorKind.Unknown,
        };
    }
}
