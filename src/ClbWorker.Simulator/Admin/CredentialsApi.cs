using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator.Admin;

/// <summary><c>/_sim/credentials</c>: which SecretIds are accepted; add, replace or revoke one at run time.</summary>
internal static class CredentialsApi
{
    public static void MapCredentialsApi(this RouteGroupBuilder admin)
    {
        var credentials = admin.MapGroup("/credentials");
        credentials.MapGet("/", List);
        credentials.MapPost("/", PutAsync);
        credentials.MapDelete("/{secretId}", Remove);
    }

    /// <summary>A credential as the admin routes show it: never the key or the token.</summary>
    internal sealed record CredentialView(string SecretId, bool HasToken)
    {
        public static CredentialView Of(SimulatorCredential credential) => new(credential.SecretId, credential.Token is not null);
    }

    private static Ok<List<CredentialView>> List(SimulatorState state) =>
        TypedResults.Ok(state.Credentials.All.Select(CredentialView.Of).ToList());

    /// <summary>Adds the credential, or replaces the one with the same SecretId.</summary>
    private static async Task<Results<Ok<CredentialView>, ValidationProblem>> PutAsync(
        HttpRequest request, SimulatorState state, IOptions<JsonOptions> json)
    {
        var (input, problem) = await AdminJson.ReadAsync<SimulatorCredential>(request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var errors = state.Credentials.TryPut(input!);
        return errors.IsEmpty ? TypedResults.Ok(CredentialView.Of(input!)) : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    private static Results<NoContent, ProblemHttpResult> Remove(string secretId, SimulatorState state) =>
        state.Credentials.Remove(secretId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such credential",
                detail: $"The SecretId `{secretId}` is not accepted by the simulator.");
}
