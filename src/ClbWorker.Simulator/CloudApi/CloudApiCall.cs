using System.Text.Json;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>An authenticated, admitted call, ready for its action.</summary>
/// <param name="Parameters">The body, a JSON object; valid only while the request is being handled.</param>
/// <param name="RequestId">The RequestId this call will be answered with; mutating actions use it as their TaskId.</param>
internal sealed record CloudApiCall(string Action, string Region, JsonElement Parameters, string RequestId);
