using Microsoft.Extensions.Configuration;

namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// Reads each file named by a <c>Section__Key_FILE</c> variable into <c>Section:Key</c>, without the trailing line
/// break that <c>echo</c> and editors add. A variable whose file is missing, unreadable, empty or too large stops the
/// start with a message naming the variable and the path, never the content. Every <paramref name="reloadInterval"/>
/// the files are read again and a changed value reloads the configuration, so a rotated secret (a Kubernetes or
/// compose secret updated in place) is picked up without a restart; a file that cannot be read at that moment (being
/// replaced) keeps its previous value.
/// </summary>
internal sealed class SecretFilesConfigurationProvider(IReadOnlyDictionary<string, string> variables, TimeSpan reloadInterval, TimeProvider time)
    : ConfigurationProvider, IDisposable
{
    private ITimer? timer;

    public override void Load()
    {
        Data = ReadAll(strict: true);
        if (reloadInterval > TimeSpan.Zero && variables.Keys.Any(v => SecretFileVariables.TryGetKey(v, out _)))
            timer ??= time.CreateTimer(_ => Reload(), null, reloadInterval, reloadInterval);
    }

    private void Reload()
    {
        var data = ReadAll(strict: false);
        foreach (var (key, value) in Data)
            data.TryAdd(key, value);
        if (data.Count == Data.Count && data.All(pair => Data.TryGetValue(pair.Key, out var old) && old == pair.Value))
            return;
        Data = data;
        OnReload();
    }

    // Strict: every problem is collected and stops the start. Otherwise (a reload) a value that cannot be read is left out.
    private Dictionary<string, string?> ReadAll(bool strict)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var (variable, path) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!SecretFileVariables.TryGetKey(variable, out var key))
                continue;
            var direct = SecretFileVariables.DirectVariable(key);
            if (variables.Keys.Any(name => string.Equals(name, direct, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"Both {direct} and {variable} are set; set only one of them.");
                continue;
            }
            if (Read(variable, key, path, errors) is { } value)
                data[key] = value;
        }
        if (strict && errors.Count > 0)
            throw new ConfigurationException(errors);
        return data;
    }

    public void Dispose() => timer?.Dispose();

    private static string? Read(string variable, string key, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{variable} is empty; give the path of a file holding {key}, or unset it.");
            return null;
        }
        var problem = $"{variable} names '{path}', which";
        try
        {
            var file = new FileInfo(path);
            if (Directory.Exists(path))
                errors.Add($"{problem} is a folder, not a file.");
            else if (!file.Exists)
                errors.Add($"{problem} does not exist; mount the file or unset the variable.");
            else if (file.Length > SecretFileVariables.MaxBytes)
                errors.Add($"{problem} holds {file.Length} bytes; a secret file holds one value of at most {SecretFileVariables.MaxBytes} bytes.");
            else
            {
                var value = File.ReadAllText(path).TrimEnd('\r', '\n');
                if (value.Length > 0)
                    return value;
                errors.Add($"{problem} is empty; it must hold the value of {key}.");
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The exception message names the path and the reason (access denied...), never the content.
            errors.Add($"{problem} cannot be read ({error.GetType().Name}: {error.Message}); make it readable by the user ClbWorker runs as.");
        }
        return null;
    }
}
