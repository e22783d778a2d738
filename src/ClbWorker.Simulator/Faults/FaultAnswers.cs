using System.Text;
using ClbWorker.Simulator.CloudApi;

namespace ClbWorker.Simulator.Faults;

/// <summary>What a client receives when a fault replaces the answer.</summary>
internal static class FaultAnswers
{
    // The kind of page a gateway in front of the API returns; clients must not try to parse it as JSON.
    private static readonly byte[] BadGatewayPage = Encoding.UTF8.GetBytes(
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n");

    public static async Task WriteAsync(SimulatorFaultKind kind, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = Guid.NewGuid().ToString();
        switch (kind)
        {
            case SimulatorFaultKind.ConnectionDrop:
                context.Abort();
                break;
            case SimulatorFaultKind.ServerError:
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                context.Response.ContentType = "text/html";
                context.Response.ContentLength = BadGatewayPage.Length;
                await context.Response.Body.WriteAsync(BadGatewayPage, cancellationToken);
                break;
            case SimulatorFaultKind.InternalError:
                var error = new CloudApiError(ErrorCodes.InternalError, "An internal error occurred; retry later. (Injected by the simulator.)");
                await CloudApiEnvelope.WriteAsync(context.Response, CloudApiEnvelope.Serialize(CloudApiOutcome.Failure(error), requestId), cancellationToken);
                break;
            case SimulatorFaultKind.MalformedJson:
                // A well-formed status answer cut in half: HTTP 200 and a JSON content type, but unparseable.
                var whole = CloudApiEnvelope.Serialize(CloudApiOutcome.Success(new() { ["Status"] = 2 }), requestId);
                await CloudApiEnvelope.WriteAsync(context.Response, whole[..(whole.Length / 2)], cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only answer-replacing faults have an answer.");
        }
    }
}
