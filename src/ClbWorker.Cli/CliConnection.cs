namespace ClbWorker.Cli;

/// <summary>Where ClbWorker is and the key to present: <c>--url</c> or <c>CLBWORKER_URL</c>, <c>--api-key-file</c> or <c>CLBWORKER_API_KEY</c>.</summary>
internal sealed record CliConnection(Uri BaseAddress, string ApiKey)
{
    public static CliConnection Resolve(string? url, FileInfo? apiKeyFile, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        url ??= environment.Variable(CliEnvironment.UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
            throw new CliFailure(ExitCodes.Usage, $"Where is ClbWorker? Pass --url or set {CliEnvironment.UrlVariable}, e.g. http://127.0.0.1:5080.");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new CliFailure(ExitCodes.Usage, $"The ClbWorker address '{url}' is not an absolute http(s) URL, e.g. http://127.0.0.1:5080.");
        return new CliConnection(address, ReadKey(apiKeyFile, environment));
    }

    // The key itself never appears in a message: only where it was looked for.
    private static string ReadKey(FileInfo? file, CliEnvironment environment)
    {
        if (file is not null)
        {
            string? first;
            try
            {
                using var reader = file.OpenText();
                first = reader.ReadLine();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.Usage, $"--api-key-file {file.FullName} cannot be read: {e.GetType().Name}.");
            }
            return string.IsNullOrWhiteSpace(first)
                ? throw new CliFailure(ExitCodes.Usage, $"--api-key-file {file.FullName} holds no key on its first line.")
                : first.Trim();
        }
        var key = environment.Variable(CliEnvironment.ApiKeyVariable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new CliFailure(ExitCodes.Usage, $"No API key: set {CliEnvironment.ApiKeyVariable} or pass --api-key-file with the key on its first line.")
            : key.Trim();
    }
}
