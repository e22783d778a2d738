using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator.Admin;

/// <summary><c>/_sim/faults</c>: read or replace the faults injected into Cloud API answers.</summary>
internal static class FaultsApi
{
    public static void MapFaultsApi(this RouteGroupBuilder admin)
    {
        var faults = admin.MapGroup("/faults");
        faults.MapGet("/", Get);
        faults.MapPut("/", PutAsync);
    }

    private static Ok<SimulatorFaults> Get(SimulatorState state) => TypedResults.Ok(state.Faults.Current);

    /// <summary>Replaces every setting: fields left out take their defaults (no fault, 5-minute hang).</summary>
    private static async Task<Results<Ok<SimulatorFaults>, ValidationProblem>> PutAsync(
        HttpRequest request, SimulatorState state, IOptions<JsonOptions> json)
    {
        var options = json.Value.SerializerOptions;
        var (input, problem) = await AdminJson.ReadAsync<SimulatorFaults>(request, options);
        if (problem is not null)
            return problem;
        var naming = options.PropertyNamingPolicy ?? JsonNamingPolicy.CamelCase;
        var errors = state.Faults.TrySet(input!, naming.ConvertName);
        return errors.IsEmpty ? TypedResults.Ok(state.Faults.Current) : TypedResults.ValidationProblem(errors.ToDictionary());
    }
}
