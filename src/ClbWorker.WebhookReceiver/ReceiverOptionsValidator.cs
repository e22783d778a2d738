namespace ClbWorker.WebhookReceiver;

/// <summary>Every error names its key and what is allowed; none quotes a secret.</summary>
internal static class ReceiverOptionsValidator
{
    public static IReadOnlyList<string> Validate(ReceiverOptions options)
    {
        var errors = new List<string>();
        if (options.Secrets.Count == 0)
            errors.Add("Receiver:Secrets is empty; give at least one secret (Receiver:Secrets:0=whsec_...), the one the sending endpoint signs with.");
        for (var i = 0; i < options.Secrets.Count; i++)
        {
            if (SigningKey.TryParse(options.Secrets[i], out _, out var problem) is false)
                errors.Add($"Receiver:Secrets:{i} is not a webhook secret: {problem}; expected whsec_ followed by the base64 of 24 to 64 bytes.");
        }
        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/')
            errors.Add($"Receiver:Path is \"{options.Path}\"; give a route starting with '/', such as /webhooks.");
        if (options.Kept is < 1 or > 10_000)
            errors.Add($"Receiver:Kept is {options.Kept}; allowed 1 to 10000.");
        if (options.RecordFile is { } file && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(file))))
            errors.Add($"Receiver:RecordFile names a file in a folder that does not exist ({file}); create the folder or choose another path.");
        return errors;
    }
}
