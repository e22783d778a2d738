using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClbWorker.Simulator.Tasks;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>
/// The CLB calls that change something. Each starts an asynchronous task, so a producer written against the real API
/// works unchanged: polled by the call's RequestId, or, for prepaid changes (a prepaid CreateLoadBalancer,
/// RenewLoadBalancers, ModifyLoadBalancerSla), by the <c>DealName</c> the answer carries. The task answers the
/// instances it made (CreateLoadBalancer, CloneLoadBalancer) or touched as its <c>LoadBalancerIds</c>. Their own
/// parameters are not validated.
/// </summary>
internal static class MutatingAction
{
    public static readonly FrozenSet<string> Names = FrozenSet.Create(StringComparer.Ordinal,
        "CreateLoadBalancer", "CloneLoadBalancer", "DeleteLoadBalancers", "RenewLoadBalancers", "ModifyLoadBalancerSla",
        "CreateListener", "DeleteListener", "CreateRule", "DeleteRule", "RegisterTargets", "DeregisterTargets",
        "BatchRegisterTargets", "BatchDeregisterTargets", "ModifyListener");

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static CloudApiOutcome Execute(CloudApiCall call, TaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(tasks);
        var parameters = call.Parameters;
        var fields = new JsonObject();
        var kind = SimulatedTaskKind.TaskId;
        IReadOnlyList<string>? loadBalancers;
        switch (call.Action)
        {
            case "CreateLoadBalancer":
                loadBalancers = NewIds("lb-", Count(parameters, "Number"));
                if (String(parameters, "LoadBalancerChargeType") == "PREPAID")
                    kind = SimulatedTaskKind.DealName;
                break;
            case "CloneLoadBalancer":
                loadBalancers = NewIds("lb-", 1);
                break;
            case "RenewLoadBalancers":
                kind = SimulatedTaskKind.DealName;
                loadBalancers = Touched(parameters);
                break;
            case "ModifyLoadBalancerSla": // LoadBalancerSla: [{"LoadBalancerId": ..., "SlaType": ...}]
                kind = SimulatedTaskKind.DealName;
                loadBalancers = parameters.TryGetProperty("LoadBalancerSla", out var sla) && sla.ValueKind == JsonValueKind.Array
                    ? [.. sla.EnumerateArray().Select(item => String(item, "LoadBalancerId")).OfType<string>()]
                    : null;
                break;
            default:
                loadBalancers = Touched(parameters);
                break;
        }

        var task = tasks.StartForAction(call.RequestId, call.Region, kind, loadBalancers is { Count: > 0 } ? loadBalancers : null);
        if (call.Action is "CreateLoadBalancer" or "CloneLoadBalancer")
            fields["LoadBalancerIds"] = new JsonArray([.. loadBalancers!.Select(id => (JsonNode?)JsonValue.Create(id))]);
        if (kind == SimulatedTaskKind.DealName)
            fields["DealName"] = task.TaskId;
        if (call.Action == "CreateListener") // one listener per requested port
            fields["ListenerIds"] = new JsonArray([.. NewIds("lbl-", Count(parameters, "Ports")).Select(id => (JsonNode?)JsonValue.Create(id))]);
        if (call.Action == "CreateRule") // one location per requested rule
            fields["LocationIds"] = new JsonArray([.. NewIds("loc-", Count(parameters, "Rules")).Select(id => (JsonNode?)JsonValue.Create(id))]);
        return CloudApiOutcome.Success(fields);
    }

    /// <summary>The instances a call names: <c>LoadBalancerId</c> or <c>LoadBalancerIds</c>.</summary>
    private static List<string>? Touched(JsonElement parameters)
    {
        if (String(parameters, "LoadBalancerId") is { } one)
            return [one];
        return parameters.TryGetProperty("LoadBalancerIds", out var many) && many.ValueKind == JsonValueKind.Array
            ? [.. many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(id => id.Length > 0)]
            : null;
    }

    private static string? String(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // An array parameter counts its entries; a number (CreateLoadBalancer's Number) is taken as it is, within 1-100.
    private static int Count(JsonElement parameters, string name) =>
        !parameters.TryGetProperty(name, out var value) ? 1
        : value.ValueKind == JsonValueKind.Array ? Math.Max(1, value.GetArrayLength())
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? Math.Clamp(number, 1, 100)
        : 1;

    /// <summary>Ids shaped like Tencent's: a type prefix and eight lower-case letters or digits.</summary>
    private static List<string> NewIds(string prefix, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
            ids.Add(prefix + RandomNumberGenerator.GetString(IdAlphabet, 8));
        return ids;
    }
}
