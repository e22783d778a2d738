namespace ClbWorker.Simulator.Admin;

/// <summary>The routes a test or an operator uses to arrange and inspect the simulator; never part of the Cloud API.</summary>
internal static class AdminApi
{
    public const string Prefix = "/_sim";

    public static IEndpointRouteBuilder MapSimulatorAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Prefix);
        admin.MapTasksApi();
        admin.MapFaultsApi();
        admin.MapStatsApi();
        admin.MapCredentialsApi();
        admin.MapTemporaryCredentialsApi();
        return app;
    }
}
