using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClbWorker.Simulator.Tasks;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>
/// The CLB calls that change something. Each starts an asynchronous task whose TaskId is the call's RequestId,
/// so a producer written against the real API works unchanged. Their own parameters are not validated.
/// </summary>
internal static class MutatingAction
{
    public static readonly FrozenSet<string> Names = FrozenSet.Create(StringComparer.Ordinal,
        "CreateLoadBalancer", "DeleteLoadBalancers", "CreateListener", "DeleteListener", "CreateRule", "DeleteRule",
        "RegisterTargets", "DeregisterTargets", "BatchRegisterTargets", "BatchDeregisterTargets", "ModifyListener");

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static CloudApiOutcome Execute(CloudApiCall call, TaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.StartForAction(call.RequestId, call.Region);

        var fields = new JsonObject();
        switch (call.Action)
        {
            case "CreateLoadBalancer":
                fields["LoadBalancerIds"] = NewIds("lb-", 1);
                break;
            case "CreateListener": // one listener per requested port
                fields["ListenerIds"] = NewIds("lbl-", LengthOf(call.Parameters, "Ports"));
                break;
            case "CreateRule": // one location per requested rule
                fields["LocationIds"] = NewIds("loc-", LengthOf(call.Parameters, "Rules"));
                break;
        }
        return CloudApiOutcome.Success(fields);
    }

    private static int LengthOf(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? Math.Max(1, value.GetArrayLength())
            : 1;

    /// <summary>Ids shaped like Tencent's: a type prefix and eight lower-case letters or digits.</summary>
    private static JsonArray NewIds(string prefix, int count)
    {
        var ids = new JsonArray();
        for (var i = 0; i < count; i++)
            ids.Add(prefix + RandomNumberGenerator.GetString(IdAlphabet, 8));
        return ids;
    }
}
