using ClbWorker.Tencent.Client;

namespace ClbWorker.UnitTests.Tencent;

public class TencentErrorCodesTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", TencentErrorKind.RateLimited)]
    [InlineData("RequestLimitExceeded.UinLimitExceeded", TencentErrorKind.RateLimited)]
    [InlineData("RequestLimitExceeded.IPLimitExceeded", TencentErrorKind.RateLimited)]
    [InlineData("RequestLimitExceeded.GlobalRegionUinLimitExceeded", TencentErrorKind.RateLimited)]
    [InlineData("AuthFailure.SignatureExpire", TencentErrorKind.ClockSkew)]
    [InlineData("AuthFailure.SignatureFailure", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.SecretIdNotFound", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.InvalidSecretId", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.TokenFailure", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.InvalidAuthorization", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.MFAFailure", TencentErrorKind.CredentialsRejected)]
    [InlineData("AuthFailure.UnauthorizedOperation", TencentErrorKind.CredentialsRejected)]
    [InlineData("UnauthorizedOperation", TencentErrorKind.CredentialsRejected)]
    [InlineData("UnauthorizedOperation.CamNoAuth", TencentErrorKind.CredentialsRejected)]
    [InlineData("IpInBlacklist", TencentErrorKind.NetworkPolicy)]
    [InlineData("IpNotInWhitelist", TencentErrorKind.NetworkPolicy)]
    [InlineData("InvalidParameter", TencentErrorKind.InvalidRequest)]
    [InlineData("InvalidParameter.RegionNotFound", TencentErrorKind.InvalidRequest)]
    [InlineData("InvalidParameterValue", TencentErrorKind.InvalidRequest)]
    [InlineData("InvalidParameterValue.Length", TencentErrorKind.InvalidRequest)]
    [InlineData("MissingParameter", TencentErrorKind.InvalidRequest)]
    [InlineData("UnknownParameter", TencentErrorKind.InvalidRequest)]
    [InlineData("UnsupportedRegion", TencentErrorKind.InvalidRequest)]
    [InlineData("ResourceNotFound", TencentErrorKind.InvalidRequest)]
    [InlineData("InternalError", TencentErrorKind.Transient)]
    [InlineData("InternalError.DbError", TencentErrorKind.Transient)]
    [InlineData("ServiceUnavailable", TencentErrorKind.Transient)]
    [InlineData("ResourceUnavailable", TencentErrorKind.Transient)]
    [InlineData("FailedOperation", TencentErrorKind.Transient)]
    [InlineData("ResourceInUse", TencentErrorKind.Transient)]
    [InlineData("InvalidAction", TencentErrorKind.ClientMisbuilt)]
    [InlineData("NoSuchVersion", TencentErrorKind.ClientMisbuilt)]
    [InlineData("NoSuchProduct", TencentErrorKind.ClientMisbuilt)]
    [InlineData("ActionOffline", TencentErrorKind.ClientMisbuilt)]
    [InlineData("UnsupportedProtocol", TencentErrorKind.ClientMisbuilt)]
    [InlineData("RequestSizeLimitExceeded", TencentErrorKind.ClientMisbuilt)]
    [InlineData("InvalidRequest", TencentErrorKind.ClientMisbuilt)]
    public void Codes_are_classified_as_the_reference_table_says(string code, TencentErrorKind expected) =>
        Assert.Equal(expected, TencentErrorCodes.Classify(code));

    [Theory]
    [InlineData("LimitExceeded")]
    [InlineData("UnsupportedOperation")]
    [InlineData("OperationDenied.Something")]
    [InlineData("InternalErrorish")]
    [InlineData("AuthFailureX")]
    [InlineData("requestlimitexceeded")]
    [InlineData("")]
    [InlineData(null)]
    public void Codes_outside_the_table_are_unknown_not_guessed_from_a_partial_word(string? code) =>
        Assert.Equal(TencentErrorKind.Unknown, TencentErrorCodes.Classify(code));

    [Fact]
    public void Sub_codes_of_signature_expire_still_mean_clock_skew() =>
        Assert.Equal(TencentErrorKind.ClockSkew, TencentErrorCodes.Classify("AuthFailure.SignatureExpire.Future"));
}
