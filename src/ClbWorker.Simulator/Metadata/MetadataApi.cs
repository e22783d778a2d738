using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Simulator.Metadata;

/// <summary>
/// The CVM instance metadata routes the <c>cvm-role</c> source reads: the bound role's name, and its temporary keys
/// (a fresh pair on every read, valid for the configured lifetime).
/// </summary>
internal static class MetadataApi
{
    public const string CredentialsPath = "/latest/meta-data/cam/security-credentials/";

    public static IEndpointRouteBuilder MapMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet(CredentialsPath, RoleName).ExcludeFromDescription();
        app.MapGet(CredentialsPath + "{role}", Credentials).ExcludeFromDescription();
        return app;
    }

    // The real service answers the name as plain text, and 404 when no role is bound.
    private static Results<ContentHttpResult, NotFound<string>> RoleName(SimulatorState state) =>
        state.Temporary.Settings.InstanceRole is { } role
            ? TypedResults.Text(role, "text/plain")
            : TypedResults.NotFound("no CAM role is bound to this instance");

    private static Results<JsonHttpResult<MetadataCredentials>, NotFound<string>> Credentials(string role, SimulatorState state)
    {
        if (state.Temporary.Settings.InstanceRole != role)
            return TypedResults.NotFound($"the role {role} is not bound to this instance");
        var credential = state.Temporary.Issue("metadata");
        var expiresAt = credential.ExpiresAt!.Value;
        // PascalCase as the real service sends it, whatever the admin routes' JSON conventions.
        return TypedResults.Json(new MetadataCredentials(credential.SecretId, credential.SecretKey, expiresAt.ToUnixTimeSeconds(),
            expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), credential.Token!, "Success"),
            new System.Text.Json.JsonSerializerOptions());
    }

    internal sealed record MetadataCredentials(string TmpSecretId, string TmpSecretKey, long ExpiredTime, string Expiration, string Token, string Code);
}
