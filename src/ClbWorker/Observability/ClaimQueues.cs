namespace ClbWorker.Observability;

/// <summary>The values of the <c>queue</c> tag of <c>clb.claim.size</c>.</summary>
public static class ClaimQueues
{
    public const string Tasks = "tasks";
    public const string Webhooks = "webhooks";
}
