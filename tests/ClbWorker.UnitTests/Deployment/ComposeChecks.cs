using System.Text.RegularExpressions;
using ClbWorker.Hosting.Configuration;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>What can be checked of a compose file without a Docker engine; each check returns one line per problem.</summary>
internal static partial class ComposeChecks
{
    // Read by the runtime, the OpenTelemetry SDK or the postgres image, not by our configuration.
    private static readonly string[] RuntimePrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_", "POSTGRES_"];

    /// <summary>
    /// Every environment variable of a service built from our sources names a real configuration key of the
    /// application it runs (<paramref name="keysOf"/>; null for images of others); a <c>_FILE</c> variable is only
    /// given to an application that reads them and names a secret mounted into the service.
    /// </summary>
    public static IEnumerable<string> EnvironmentKeys(ComposeFile compose, string folder, Func<ComposeService, ConfigurationKeys?> keysOf)
    {
        foreach (var service in compose.Services)
        {
            if (keysOf(service) is not { } keys)
                continue;
            var variables = service.Environment.Select(v => (Source: "environment", v.Key, v.Value))
                .Concat(service.EnvFiles.SelectMany(file => EnvFile(folder, file)));
            foreach (var (source, name, value) in variables)
            {
                if (RuntimePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                    continue;
                var where = $"service '{service.Name}', {source} variable {name}";
                var key = name.Replace("__", ":", StringComparison.Ordinal);
                if (name.EndsWith(SecretFileVariables.Suffix, StringComparison.Ordinal))
                {
                    if (keys.Application != typeof(SecretFileVariables).Assembly.GetName().Name)
                    {
                        yield return $"{where}: {keys.Application} does not read *_FILE variables";
                        continue;
                    }
                    if (!SecretFileVariables.TryGetKey(name, out key))
                    {
                        yield return $"{where}: a _FILE variable must name a key with a section, like Tencent__SecretKey_FILE";
                        continue;
                    }
                    if (!service.Secrets.Any(secret => secret.MountPath == value))
                        yield return $"{where} names '{value}', which is none of the secrets mounted into the service ({string.Join(", ", service.Secrets.Select(s => s.MountPath))})";
                }
                if (keys.Problem(key) is { } problem)
                    yield return $"{where}: {problem}";
            }
        }
    }

    /// <summary>Every build context is a folder and every Dockerfile a file, relative to the compose file's folder.</summary>
    public static IEnumerable<string> BuildPaths(ComposeFile compose, string folder)
    {
        foreach (var service in compose.Services.Where(s => s.BuildContext is not null))
        {
            var context = Path.GetFullPath(Path.Combine(folder, service.BuildContext!));
            if (!Directory.Exists(context))
                yield return $"service '{service.Name}': build context '{service.BuildContext}' is not a folder";
            else if (!File.Exists(Path.Combine(context, service.Dockerfile ?? "Dockerfile")))
                yield return $"service '{service.Name}': Dockerfile '{service.Dockerfile ?? "Dockerfile"}' does not exist in '{service.BuildContext}'";
        }
    }

    /// <summary>Every env_file and secret file exists, or is one the operator makes and .env.example explains.</summary>
    public static IEnumerable<string> ReferencedFiles(ComposeFile compose, string folder, string envExample)
    {
        var files = compose.Services.SelectMany(s => s.EnvFiles.Select(f => (What: $"service '{s.Name}' env_file", Path: f)))
            .Concat(compose.SecretFiles.Where(s => s.Value is not null).Select(s => (What: $"secret '{s.Key}' file", Path: s.Value!)));
        foreach (var (what, path) in files)
        {
            var resolved = ComposeFile.WithDefaults(path);
            var documented = envExample.Contains(resolved, StringComparison.Ordinal)
                || envExample.Contains(resolved.TrimStart('.', '/'), StringComparison.Ordinal);
            if (!File.Exists(Path.Combine(folder, resolved)) && !documented)
                yield return $"{what} '{path}' does not exist and .env.example does not mention '{resolved}'";
        }
    }

    /// <summary>Every ${VAR} the compose file reads is listed in .env.example, and .env.example lists nothing it does not read.</summary>
    public static IEnumerable<string> Variables(ComposeFile compose, string envExample)
    {
        var used = Interpolated().Matches(compose.Text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var listed = Listed().Matches(envExample).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var name in used.Except(listed).Order(StringComparer.Ordinal))
            yield return $"${{{name}}} is used in docker-compose.yml but not listed in .env.example";
        // COMPOSE_* are read by compose itself.
        foreach (var name in listed.Except(used).Where(n => !n.StartsWith("COMPOSE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            yield return $"{name} is listed in .env.example but docker-compose.yml never reads it";
    }

    /// <summary>Every dependency exists and is enabled whenever the service that depends on it is.</summary>
    public static IEnumerable<string> Dependencies(ComposeFile compose)
    {
        foreach (var service in compose.Services)
        {
            foreach (var name in service.DependsOn)
            {
                var dependency = compose.Services.SingleOrDefault(s => s.Name == name);
                if (dependency is null)
                    yield return $"service '{service.Name}' depends on '{name}', which is not a service";
                else if (dependency.Profiles.Count > 0 && (service.Profiles.Count == 0 || service.Profiles.Except(dependency.Profiles).Any()))
                    yield return $"service '{service.Name}' (profiles: {string.Join(", ", service.Profiles)}) depends on '{name}', which only runs with profiles {string.Join(", ", dependency.Profiles)}";
            }
        }
    }

    private static IEnumerable<(string Source, string Name, string Value)> EnvFile(string folder, string file)
    {
        var path = Path.Combine(folder, ComposeFile.WithDefaults(file));
        if (!File.Exists(path))
            return [];
        return File.ReadAllLines(path)
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Select(parts => ($"env_file {file}", parts[0].Trim(), parts[1]));
    }

    // $NAME or ${NAME...}, but not $$ (an escaped dollar).
    [GeneratedRegex(@"(?<!\$)\$(\{)?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Interpolated();

    // NAME=... or a commented-out # NAME=..., one per line.
    [GeneratedRegex(@"^\s*#?\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex Listed();
}
