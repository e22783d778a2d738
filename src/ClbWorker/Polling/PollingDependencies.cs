using ClbWorker.Observability;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ClbWorker.Polling;

/// <summary>The services a polling run works with, gathered so that a run is a plain object, not a service.</summary>
public sealed record PollingDependencies(
    IOptions<PollingOptions> Options,
    IOptions<TencentOptions> Tencent,
    TencentAccounts Accounts,
    NpgsqlDataSource DataSource,
    PollingStore Store,
    SendBudgetStore Budget,
    AccountPauseStore Pauses,
    ClbApiClient Client,
    PollOutcomePolicy Policy,
    ClbMetrics Metrics,
    DatabaseClock Clock,
    TimeProvider Time,
    ILogger<PollingDependencies> Logger);
