using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClbWorker.Api;

/// <summary>A CLB task to poll until it finishes. Unknown properties are refused, so a misspelt one cannot be ignored silently.</summary>
/// <param name="TaskId">The RequestId Tencent Cloud returned for the asynchronous call: 1 to 64 characters, no whitespace or control characters. Required.</param>
/// <param name="Region">The region the call was made in, one of the configured CLB regions, e.g. ap-guangzhou. Required.</param>
/// <param name="Account">The configured Tencent Cloud account that polls it. Default: default.</param>
/// <param name="CallbackUrl">Absolute http(s) URL that receives the signed webhook when the task ends.</param>
/// <param name="Deadline">Still running then: timed_out. An ISO 8601 timestamp with an offset, or a duration from now such as PT30M; at most 7 days. Default: the worker's default deadline.</param>
/// <param name="Metadata">Any JSON object of at most 16 KiB, carried into the webhook.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// TaskId and Region are declared non-null for the schema (they are required); a body that leaves them out still
// binds them as null, and the validator says which is missing.
public sealed record CreateTaskRequest(
    string TaskId,
    string Region,
    string? Account = null,
    string? CallbackUrl = null,
    string? Deadline = null,
    JsonElement? Metadata = null);
