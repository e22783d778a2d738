namespace ClbWorker.Tencent.Client;

/// <summary>One Tencent Cloud API 3.0 call: which product, version and action, for which region, with which JSON body.</summary>
/// <param name="Service">The credential-scope service: <c>clb</c>, <c>sts</c>.</param>
/// <param name="Region">Sent as <c>X-TC-Region</c>; null sends none.</param>
/// <param name="Payload">The compact JSON body, signed and sent byte for byte.</param>
public sealed record CloudApiCall(string Service, string Version, string Action, string? Region, byte[] Payload);
