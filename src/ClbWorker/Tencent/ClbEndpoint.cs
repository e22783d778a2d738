namespace ClbWorker.Tencent;

/// <summary>Where one CLB request goes.</summary>
/// <param name="RequestUri">The URL posted to (path <c>/</c>).</param>
/// <param name="Host">
/// The Host header value, which TC3 signs: the host name, plus <c>:port</c> when the port is not the scheme's
/// default. The client sends exactly this string so that what is signed and what is sent cannot drift apart.
/// </param>
public sealed record ClbEndpoint(Uri RequestUri, string Host);
