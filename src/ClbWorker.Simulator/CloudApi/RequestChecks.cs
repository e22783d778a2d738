using System.Text.Json;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>The protocol-level checks of a call, each answering null when the request passes.</summary>
internal static class RequestChecks
{
    /// <summary>The only API version of CLB the simulator (and ClbWorker) speaks.</summary>
    public const string Version = "2018-03-17";

    public static CloudApiError? VersionAndAction(CloudApiHeaders headers)
    {
        if (headers.Version is null)
            return CloudApiError.MissingParameter("X-TC-Version");
        if (headers.Version != Version)
            return new CloudApiError(ErrorCodes.NoSuchVersion, $"CLB has no API version `{headers.Version}`; use {Version}.");
        if (headers.Action is null)
            return CloudApiError.MissingParameter("X-TC-Action");
        if (headers.Action != DescribeTaskStatusAction.Name && !MutatingAction.Names.Contains(headers.Action))
            return new CloudApiError(ErrorCodes.InvalidAction,
                $"CLB {Version} has no action `{headers.Action}` (names are case-sensitive).");
        return null;
    }

    public static CloudApiError? Region(CloudApiHeaders headers, ClbRegions regions)
    {
        if (headers.Region is null)
            return CloudApiError.MissingParameter("X-TC-Region");
        return regions.Contains(headers.Region)
            ? null
            : new CloudApiError(ErrorCodes.UnsupportedRegion, $"CLB is not offered in region `{headers.Region}`.");
    }

    /// <summary>Parses the body, which must be one JSON object; the caller disposes the document.</summary>
    public static CloudApiError? JsonObjectBody(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new CloudApiError(ErrorCodes.InvalidParameter, $"The request body is not valid JSON ({e.Message}); send a JSON object.");
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
            return null;
        var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
        document.Dispose();
        document = null;
        return new CloudApiError(ErrorCodes.InvalidParameter, $"The request body must be a JSON object of parameters; got a JSON {kind}.");
    }
}
