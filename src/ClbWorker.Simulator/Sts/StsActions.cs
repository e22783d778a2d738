using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClbWorker.Simulator.Authentication;
using ClbWorker.Simulator.CloudApi;

namespace ClbWorker.Simulator.Sts;

/// <summary>
/// The STS calls that hand out temporary keys (service <c>sts</c>, version <c>2018-08-13</c>), served on the same
/// <c>POST /</c> as CLB and told apart by their action: <c>AssumeRole</c>, TC3-signed with service <c>sts</c>, and
/// <c>AssumeRoleWithWebIdentity</c>, unsigned, whose token must be the configured one. Not rate-limited.
/// </summary>
internal sealed partial class StsActions(Tc3RequestVerifier verifier, TemporaryCredentialIssuer issuer)
{
    public const string Service = "sts";
    public const string Version = "2018-08-13";
    public const string AssumeRole = "AssumeRole";
    public const string AssumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity";
    private const int MaxDurationSeconds = 43200;

    public static bool Handles(string? action) => action is AssumeRole or AssumeRoleWithWebIdentity;

    public CloudApiOutcome Process(CloudApiHeaders headers, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var signed = headers.Action == AssumeRole;
        var error = (signed ? verifier.Verify(headers, body, Service) : null)
            ?? (headers.Version is null ? CloudApiError.MissingParameter("X-TC-Version")
                : headers.Version != Version ? new CloudApiError(ErrorCodes.NoSuchVersion, $"STS has no API version `{headers.Version}`; use {Version}.")
                : null)
            ?? (headers.Region is null ? CloudApiError.MissingParameter("X-TC-Region") : null);
        if (error is not null)
            return CloudApiOutcome.Failure(error);
        if (RequestChecks.JsonObjectBody(body, out var document) is { } bodyError)
            return CloudApiOutcome.Failure(bodyError);
        using (document)
        {
            var parameters = document!.RootElement;
            return signed ? Assume(parameters) : AssumeWithWebIdentity(parameters);
        }
    }

    private CloudApiOutcome Assume(JsonElement parameters)
    {
        if (Read(parameters, ["RoleArn", "RoleSessionName"], ["DurationSeconds", "ExternalId", "Policy"], out var values) is { } error)
            return CloudApiOutcome.Failure(error);
        return CheckRole(values) ?? Issued(AssumeRole, values);
    }

    private CloudApiOutcome AssumeWithWebIdentity(JsonElement parameters)
    {
        if (Read(parameters, ["ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName"], ["DurationSeconds"], out var values) is { } error)
            return CloudApiOutcome.Failure(error);
        var settings = issuer.Settings;
        if (settings.WebIdentityProviderId is null || values["ProviderId"] != settings.WebIdentityProviderId)
            return CloudApiOutcome.Failure(ErrorCodes.WebIdentityTokenError,
                $"The identity provider `{values["ProviderId"]}` is not configured{(settings.WebIdentityProviderId is null ? " (none is)" : "")}.");
        if (settings.WebIdentityToken is null || !FixedTimeEquals(settings.WebIdentityToken, values["WebIdentityToken"]!))
            return CloudApiOutcome.Failure(ErrorCodes.WebIdentityTokenError, "The web identity token is not the one the identity provider issued.");
        return CheckRole(values) ?? Issued(AssumeRoleWithWebIdentity, values);
    }

    private CloudApiOutcome? CheckRole(Dictionary<string, string?> values)
    {
        var roleArn = values["RoleArn"]!;
        var known = issuer.Settings.RoleArns;
        if (known.Count > 0 ? !known.Contains(roleArn) : !RoleArn().IsMatch(roleArn))
            return CloudApiOutcome.Failure(ErrorCodes.RoleNotExist, $"The role `{roleArn}` does not exist.");
        if (!SessionName().IsMatch(values["RoleSessionName"]!))
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameterValue, "`RoleSessionName` must be 2-128 letters, digits or _+=,.@-.");
        return null;
    }

    private CloudApiOutcome Issued(string action, Dictionary<string, string?> values)
    {
        var asked = values.GetValueOrDefault("DurationSeconds") is { } seconds ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var credential = issuer.Issue(action, asked ?? TimeSpan.FromSeconds(7200));
        var expiresAt = credential.ExpiresAt!.Value;
        return CloudApiOutcome.Success(new JsonObject
        {
            ["Credentials"] = new JsonObject
            {
                ["Token"] = credential.Token,
                ["TmpSecretId"] = credential.SecretId,
                ["TmpSecretKey"] = credential.SecretKey,
            },
            ["ExpiredTime"] = expiresAt.ToUnixTimeSeconds(),
            ["Expiration"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Reads string parameters (DurationSeconds as an integer), refusing unknown, missing and mistyped ones.</summary>
    private static CloudApiError? Read(JsonElement parameters, string[] required, string[] optional, out Dictionary<string, string?> values)
    {
        values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var parameter in parameters.EnumerateObject())
        {
            if (!required.Contains(parameter.Name) && !optional.Contains(parameter.Name))
                return new CloudApiError(ErrorCodes.UnknownParameter,
                    $"`{parameter.Name}` is not a parameter of this action; it takes {string.Join(", ", required.Concat(optional).Select(n => $"`{n}`"))}.");
            if (parameter.Name == "DurationSeconds")
            {
                if (parameter.Value.ValueKind != JsonValueKind.Number || !parameter.Value.TryGetInt32(out var seconds) || seconds is < 1 or > MaxDurationSeconds)
                    return new CloudApiError(ErrorCodes.InvalidParameterValue, $"`DurationSeconds` must be an integer from 1 to {MaxDurationSeconds}.");
                values[parameter.Name] = seconds.ToString(CultureInfo.InvariantCulture);
            }
            else if (parameter.Value.ValueKind != JsonValueKind.String)
                return new CloudApiError(ErrorCodes.InvalidParameterValue, $"`{parameter.Name}` must be a string.");
            else
                values[parameter.Name] = parameter.Value.GetString();
        }
        foreach (var name in required)
        {
            if (string.IsNullOrEmpty(values.GetValueOrDefault(name)))
                return CloudApiError.MissingParameter(name);
        }
        return null;
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [GeneratedRegex(@"^qcs::cam::uin/\d+:roleName/[\w+=,.@-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[\w+=,.@-]{2,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionName();
}
