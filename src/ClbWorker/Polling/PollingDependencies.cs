using ClbWorker.Database;
using ClbWorker.Observability;
using ClbWorker.Tencent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

/// <summary>The services one polling run works with, gathered so a run is a plain object, not a service.</summary>
public sealed record PollingDependencies(
    IOptions<PollingOptions> Options,
    PollDispatcher Dispatcher,
    PollingStore Store,
    SendBudgetStore Budget,
    AccountPauseStore Pauses,
    ClbApiClient Client,
    PollOutcomePolicy Policy,
    NotificationListener Listener,
    ClbMetrics Metrics,
    DatabaseClock Clock,
    TimeProvider Time,
    ILogger<PollingDependencies> Logger);
