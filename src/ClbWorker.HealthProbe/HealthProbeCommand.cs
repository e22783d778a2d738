namespace ClbWorker.HealthProbe;

/// <summary>
/// <c>--probe URL</c>: the container health check of images that have no shell, curl or wget (the chiselled
/// runtime). It sends one GET to the URL and sets exit code 0 when the answer is 2xx within <see cref="Timeout"/>,
/// else 1 with the reason on standard error. The application itself does not start.
/// </summary>
public static class HealthProbeCommand
{
    public const string Flag = "--probe";

    /// <summary>Longer than a healthy answer takes, shorter than compose's 3 s health check timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <returns>True when the arguments asked for the probe (it then ran, and the program should exit).</returns>
    public static async Task<bool> TryRunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var at = Array.IndexOf(args, Flag);
        if (at < 0)
            return false;
        Environment.ExitCode = await ProbeAsync(at + 1 < args.Length ? args[at + 1] : null, error);
        return true;
    }

    /// <returns>0 when the URL answered 2xx in time, 1 when it did not, 2 when the URL is not an absolute http(s) URL.</returns>
    public static async Task<int> ProbeAsync(string? url, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"{Flag} needs an absolute http(s) URL, like {Flag} http://127.0.0.1:8080/healthz; got '{url}'.");
            return 2;
        }

        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            if (response.IsSuccessStatusCode)
                return 0;
            await error.WriteLineAsync($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"{uri} gave no answer within {Timeout.TotalSeconds:0} s: {failure.Message}");
        }
        return 1;
    }
}
