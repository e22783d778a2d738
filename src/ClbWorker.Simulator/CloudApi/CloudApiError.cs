namespace ClbWorker.Simulator.CloudApi;

/// <summary>An answer in the error envelope: <c>{"Response":{"Error":{"Code","Message"},"RequestId"}}</c>.</summary>
internal sealed record CloudApiError(string Code, string Message)
{
    public static CloudApiError MissingParameter(string name) =>
        new(ErrorCodes.MissingParameter, $"The request is missing the required parameter `{name}`.");
}
