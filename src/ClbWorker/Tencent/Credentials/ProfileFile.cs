namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// The INI credentials file the official SDKs and tccli read (<c>~/.tencentcloud/credentials</c>):
/// <c>[default]</c> sections with <c>secret_id</c> and <c>secret_key</c> (and, for a temporary pair, <c>token</c>).
/// </summary>
public static class ProfileFile
{
    /// <summary>Larger than any credentials file; a bigger one is the wrong file.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <summary>Reads the section's key pair, or says what is wrong (never quoting a value).</summary>
    /// <param name="key">The configuration key or variable that named <paramref name="path"/>, for the message.</param>
    public static (TencentCredentials? Credentials, string? Problem) Read(string path, string profileName, string key)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string Allowed = "allowed: a readable INI file with a [<ProfileName>] section holding secret_id and secret_key";
        string text;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
                return (null, $"{key} names '{path}', which does not exist; {Allowed} (tccli configure writes one).");
            if (file.Length > MaxBytes)
                return (null, $"{key} names '{path}', which holds {file.Length} bytes, more than a credentials file; {Allowed}.");
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{key} names '{path}', which cannot be read ({e.GetType().Name}: {e.Message}); {Allowed}.");
        }

        var section = Parse(text, profileName);
        if (section is null)
            return (null, $"{key} names '{path}', which has no [{profileName}] section; {Allowed.Replace("<ProfileName>", profileName, StringComparison.Ordinal)}.");
        section.TryGetValue("secret_id", out var id);
        section.TryGetValue("secret_key", out var secret);
        section.TryGetValue("token", out var token);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            return (null, $"{key} names '{path}', whose [{profileName}] section lacks {(string.IsNullOrEmpty(id) ? "secret_id" : "secret_key")}; "
                + "allowed: secret_id and secret_key, both non-empty.");
        return (new TencentCredentials(id, secret, string.IsNullOrEmpty(token) ? null : token), null);
    }

    /// <summary>The keys of section <paramref name="name"/> (names and keys compared case-insensitively), or null when it is absent.</summary>
    public static Dictionary<string, string>? Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        Dictionary<string, string>? found = null;
        var inSection = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                inSection = string.Equals(line[1..^1].Trim(), name, StringComparison.OrdinalIgnoreCase);
                if (inSection)
                    found ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inSection && equals > 0)
                found![line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }
        return found;
    }
}
