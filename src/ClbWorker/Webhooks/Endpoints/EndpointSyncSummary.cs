namespace ClbWorker.Webhooks.Endpoints;

/// <summary>What bringing the configured endpoints in step with configuration changed: rows added, changed, disabled.</summary>
public sealed record EndpointSyncSummary(int Added, int Changed, int Disabled);
