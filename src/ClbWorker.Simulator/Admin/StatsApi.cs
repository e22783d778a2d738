using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Simulator.Admin;

/// <summary><c>/_sim/stats</c>: traffic per rate-limit key, and a reset.</summary>
internal static class StatsApi
{
    public static void MapStatsApi(this RouteGroupBuilder admin)
    {
        var stats = admin.MapGroup("/stats");
        stats.MapGet("/", Get);
        stats.MapPost("/reset", Reset);
    }

    private static Ok<SimulatorStats> Get(SimulatorState state) => TypedResults.Ok(state.GetStats());

    private static NoContent Reset(SimulatorState state)
    {
        state.ResetStats();
        return TypedResults.NoContent();
    }
}
