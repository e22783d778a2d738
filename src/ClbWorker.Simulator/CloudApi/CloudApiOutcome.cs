using System.Text.Json.Nodes;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>What a call is answered with: the success fields of <c>Response</c> (RequestId is added later) or an error.</summary>
internal sealed record CloudApiOutcome(JsonObject? Fields, CloudApiError? Error)
{
    public static CloudApiOutcome Success(JsonObject fields) => new(fields, null);

    public static CloudApiOutcome Failure(CloudApiError error) => new(null, error);

    public static CloudApiOutcome Failure(string code, string message) => new(null, new CloudApiError(code, message));
}
