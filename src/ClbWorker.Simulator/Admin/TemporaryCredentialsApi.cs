using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator.Admin;

/// <summary><c>/_sim/temporary-credentials</c>: what STS and the metadata service issue, how their keys were used, and revocation.</summary>
internal static class TemporaryCredentialsApi
{
    public static void MapTemporaryCredentialsApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/temporary-credentials");
        group.MapGet("/", Get);
        group.MapPut("/", PutAsync);
        group.MapPost("/revoke", Revoke);
    }

    /// <summary>The settings (never the web identity token itself) and the counts.</summary>
    internal sealed record TemporaryCredentialsView(
        TimeSpan Lifetime, string? InstanceRole, IReadOnlyList<string> RoleArns, string? WebIdentityProviderId, bool HasWebIdentityToken,
        TemporaryCredentialStats Stats);

    internal sealed record RevokedKeys(int Revoked);

    private static Ok<TemporaryCredentialsView> Get(SimulatorState state) => TypedResults.Ok(View(state));

    /// <summary>Replaces the settings; omitted fields take their defaults. Keys already issued keep their expiry.</summary>
    private static async Task<Results<Ok<TemporaryCredentialsView>, ValidationProblem>> PutAsync(
        HttpRequest request, SimulatorState state, IOptions<JsonOptions> json)
    {
        var (input, problem) = await AdminJson.ReadAsync<SimulatorTemporaryCredentials>(request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var errors = Sts.TemporaryCredentialRules.Check(input!, JsonName);
        if (!errors.IsEmpty)
            return TypedResults.ValidationProblem(errors.ToDictionary());
        state.SetTemporaryCredentials(input!);
        return TypedResults.Ok(View(state));
    }

    private static Ok<RevokedKeys> Revoke(SimulatorState state) => TypedResults.Ok(new RevokedKeys(state.RevokeTemporaryCredentials()));

    private static TemporaryCredentialsView View(SimulatorState state)
    {
        var current = state.CurrentTemporaryCredentials;
        return new TemporaryCredentialsView(current.Lifetime, current.InstanceRole, [.. current.RoleArns], current.WebIdentityProviderId,
            current.WebIdentityToken is not null, state.TemporaryCredentialStats);
    }

    private static string JsonName(string property) => char.ToLowerInvariant(property[0]) + property[1..];
}
