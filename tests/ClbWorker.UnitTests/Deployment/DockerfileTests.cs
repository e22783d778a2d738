using System.Text.RegularExpressions;
using ClbWorker.HealthProbe;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>
/// Each Dockerfile checked without a Docker engine: what a build would miss (a referenced project not copied before
/// restore, a folder the build embeds, a file .dockerignore leaves out) and how the image runs.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() => [.. Deployment.Dockerfiles.All()];

    [Fact]
    public void Every_application_has_a_dockerfile()
    {
        Assert.Equal(["src/ClbWorker.Simulator/Dockerfile", "src/ClbWorker.WebhookReceiver/Dockerfile", "src/ClbWorker/Dockerfile"], Deployment.Dockerfiles.All());
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_file_copied_from_the_context_exists_and_is_not_excluded_by_dockerignore(string dockerfile)
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("**", StringComparison.Ordinal)).ToList();

        foreach (var source in CopiedSources(dockerfile))
        {
            Assert.True(File.Exists(Path.Combine(Repository.Root, source)) || Directory.Exists(Path.Combine(Repository.Root, source)),
                $"{dockerfile} copies {source}, which does not exist");
            Assert.DoesNotContain(ignored, pattern => (source + "/").StartsWith(pattern.TrimEnd('/') + "/", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Restore_sees_every_referenced_project_file_and_the_shared_build_files_before_the_sources(string dockerfile)
    {
        var instructions = Deployment.Dockerfiles.Instructions(dockerfile);
        var restore = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, $"{dockerfile} has no RUN dotnet restore");
        var project = instructions[restore].Arguments.Split(' ')[2];
        var copiedBefore = CopiedSources(dockerfile, upTo: restore).ToList();

        foreach (var needed in Deployment.Dockerfiles.WithReferences(project).Concat(["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"]))
            Assert.Contains(needed, copiedBefore);
        // Sources come after restore, so that editing them reuses the restored layer.
        Assert.DoesNotContain(copiedBefore, source => source.EndsWith('/'));
        Assert.Equal(Path.GetDirectoryName(dockerfile)!.Replace('\\', '/') + "/" + Path.GetFileName(Path.GetDirectoryName(dockerfile)) + ".csproj", project);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Publish_has_every_project_folder_and_every_file_the_projects_embed_from_outside(string dockerfile)
    {
        var instructions = Deployment.Dockerfiles.Instructions(dockerfile);
        var publish = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        var project = instructions[publish].Arguments.Split(' ')[2];
        var copied = CopiedSources(dockerfile, upTo: publish).ToList();

        foreach (var reference in Deployment.Dockerfiles.WithReferences(project))
        {
            Assert.Contains(Path.GetDirectoryName(reference)!.Replace('\\', '/') + "/", copied);
            foreach (var embedded in Deployment.Dockerfiles.Includes(reference, "EmbeddedResource").Concat(Deployment.Dockerfiles.Includes(reference, "Compile")))
                Assert.Contains(copied, source => source.EndsWith('/') && embedded.StartsWith(source, StringComparison.Ordinal));
        }
        Assert.Contains("-c Release", instructions[publish].Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_image_runs_the_published_assembly_on_the_chiselled_aspnet_runtime_as_a_non_root_user_on_8080(string dockerfile)
    {
        var instructions = Deployment.Dockerfiles.Instructions(dockerfile);
        var runtime = instructions.FindLastIndex(i => i.Keyword == "FROM");
        var final = instructions[runtime..];
        var assembly = Path.GetFileName(Path.GetDirectoryName(dockerfile));

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled ", instructions[runtime].Arguments, StringComparison.Ordinal);
        Assert.Contains(("USER", "$APP_UID"), final);
        Assert.Contains(("EXPOSE", "8080"), final);
        Assert.Equal(("ENTRYPOINT", $"[\"dotnet\", \"{assembly}.dll\"]"), final[^1]);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_health_check_is_the_applications_own_probe_of_its_port_as_the_image_has_no_shell(string dockerfile)
    {
        var text = Repository.Read(dockerfile).Replace("\\\n", "", StringComparison.Ordinal);
        var assembly = Path.GetFileName(Path.GetDirectoryName(dockerfile));

        var healthcheck = Assert.Single(text.Split('\n'), line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Matches($@"CMD \[""dotnet"", ""/app/{Regex.Escape(assembly!)}\.dll"", ""{HealthProbeCommand.Flag}"", ""http://127\.0\.0\.1:8080/[^""]+""\]$", healthcheck);
    }

    // COPY sources from the build context (not --from another stage), before instruction number upTo.
    private static IEnumerable<string> CopiedSources(string dockerfile, int upTo = int.MaxValue) =>
        Deployment.Dockerfiles.Instructions(dockerfile).Take(upTo)
            .Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);
}
