using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>A docker-compose.yml as written (variables not substituted), parsed with YamlDotNet.</summary>
internal sealed partial class ComposeFile
{
    private ComposeFile(string text, IReadOnlyList<ComposeService> services, IReadOnlyDictionary<string, string?> secretFiles)
    {
        Text = text;
        Services = services;
        SecretFiles = secretFiles;
    }

    public string Text { get; }

    public IReadOnlyList<ComposeService> Services { get; }

    /// <summary>Top-level secrets and the file each comes from (null for an external or environment secret).</summary>
    public IReadOnlyDictionary<string, string?> SecretFiles { get; }

    public ComposeService Service(string name) =>
        Services.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"docker-compose.yml has no service '{name}'.");

    /// <summary><c>${NAME:-default}</c> and its variants replaced by their default (or nothing), as compose does with NAME unset.</summary>
    public static string WithDefaults(string text) => Substitution().Replace(text, m => m.Groups["default"].Value);

    public static ComposeFile Parse(string text)
    {
        var stream = new YamlStream();
        // The merging parser applies `<<: *anchor` the way compose does.
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var services = Mapping(root, "services")?.Children
            .Select(pair => ReadService(Scalar(pair.Key)!, (YamlMappingNode)pair.Value)).ToList() ?? [];
        var secrets = Mapping(root, "secrets")?.Children
            .ToDictionary(pair => Scalar(pair.Key)!, pair => Scalar(Child((YamlMappingNode)pair.Value, "file"))) ?? [];
        return new ComposeFile(text, services, secrets);
    }

    private static ComposeService ReadService(string name, YamlMappingNode node)
    {
        var build = Child(node, "build");
        var (context, dockerfile) = build switch
        {
            YamlScalarNode scalar => (scalar.Value, null),
            YamlMappingNode mapping => (Scalar(Child(mapping, "context")), Scalar(Child(mapping, "dockerfile"))),
            _ => ((string?)null, (string?)null),
        };
        return new ComposeService(
            name,
            Scalar(Child(node, "image")),
            context,
            dockerfile,
            Environment(Child(node, "environment")),
            Child(node, "env_file") switch
            {
                YamlScalarNode single => [single.Value!],
                YamlSequenceNode list => list.Children.Select(e => e is YamlMappingNode m ? Scalar(Child(m, "path"))! : Scalar(e)!).ToList(),
                _ => [],
            },
            (Child(node, "secrets") as YamlSequenceNode)?.Children.Select(SecretUse).ToList() ?? [],
            (Child(node, "profiles") as YamlSequenceNode)?.Children.Select(p => Scalar(p)!).ToList() ?? [],
            Child(node, "depends_on") switch
            {
                YamlSequenceNode list => list.Children.Select(d => Scalar(d)!).ToList(),
                YamlMappingNode mapping => mapping.Children.Keys.Select(k => Scalar(k)!).ToList(),
                _ => [],
            });
    }

    // Both forms compose accepts: a mapping, or a list of NAME=value (a bare NAME passes the shell's value through).
    private static Dictionary<string, string> Environment(YamlNode? node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(p => Scalar(p.Key)!, p => Scalar(p.Value) ?? ""),
        YamlSequenceNode list => list.Children.Select(e => Scalar(e)!.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : ""),
        _ => [],
    };

    private static ComposeSecretUse SecretUse(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new ComposeSecretUse(Scalar(Child(mapping, "source"))!,
            Scalar(Child(mapping, "target")) ?? Scalar(Child(mapping, "source"))!),
        _ => new ComposeSecretUse(Scalar(node)!, Scalar(node)!),
    };

    private static YamlMappingNode? Mapping(YamlMappingNode node, string key) => Child(node, key) as YamlMappingNode;

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+])(?<default>[^}]*))?\}")]
    private static partial Regex Substitution();
}
