using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClbWorker.Tasks.Api;

/// <summary>A CLB task to poll until it finishes. Unknown properties are refused, so a misspelt one cannot be ignored silently.</summary>
/// <param name="TaskId">The RequestId Tencent Cloud returned for the asynchronous call: 1 to 64 characters, no whitespace or control characters. Exactly one of taskId and dealName is required.</param>
/// <param name="Region">The region the call was made in, one of the configured CLB regions, e.g. ap-guangzhou. Required.</param>
/// <param name="Account">The configured Tencent Cloud account that polls it. Default: default.</param>
/// <param name="CallbackUrl">Absolute http(s) URL that receives the signed webhook when the task ends.</param>
/// <param name="Deadline">Still running then: timed_out. An ISO 8601 timestamp with an offset, or a duration from now such as PT30M; at most 7 days. Default: the worker's default deadline.</param>
/// <param name="Metadata">Any JSON object of at most 16 KiB, carried into the webhook.</param>
/// <param name="DealName">Instead of taskId: the order id (DealName) a prepaid CreateLoadBalancer, RenewLoadBalancers, ModifyLoadBalancerSla or billing switch returned; polled with DealName. Same rule as taskId.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// Region is declared non-null for the schema (it is required); a body that leaves it out still binds it as null, and
// the validator says it is missing. TaskId and DealName are each optional, but exactly one of them is required.
public sealed record CreateTaskRequest(
    string? TaskId,
    string Region,
    string? Account = null,
    string? CallbackUrl = null,
    string? Deadline = null,
    JsonElement? Metadata = null,
    string? DealName = null);
