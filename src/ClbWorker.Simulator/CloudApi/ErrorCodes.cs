namespace ClbWorker.Simulator.CloudApi;

/// <summary>The Tencent Cloud API error codes the simulator answers; spelled exactly as the real service does.</summary>
internal static class ErrorCodes
{
    public const string InvalidAuthorization = "AuthFailure.InvalidAuthorization";
    public const string SecretIdNotFound = "AuthFailure.SecretIdNotFound";
    public const string SignatureExpire = "AuthFailure.SignatureExpire";
    public const string SignatureFailure = "AuthFailure.SignatureFailure";
    public const string TokenFailure = "AuthFailure.TokenFailure";
    public const string RequestLimitExceeded = "RequestLimitExceeded";
    public const string NoSuchVersion = "NoSuchVersion";
    public const string InvalidAction = "InvalidAction";
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameter = "InvalidParameter";
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string UnknownParameter = "UnknownParameter";
    public const string UnsupportedRegion = "UnsupportedRegion";
    public const string InternalError = "InternalError";
    public const string RoleNotExist = "ResourceNotFound.RoleNotExist";
    public const string WebIdentityTokenError = "InvalidParameter.WebIdentityTokenError";
}
