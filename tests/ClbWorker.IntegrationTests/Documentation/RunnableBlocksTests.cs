using System.Diagnostics;
using System.Security.Cryptography;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Processes;
using ClbWorker.UnitTests.Documentation;

namespace ClbWorker.IntegrationTests.Documentation;

/// <summary>
/// Every code block of README.md and docs/ marked <c>runnable</c> runs, as a user would paste it, against a dev run
/// started as <c>dotnet run --project src/ClbWorker</c> starts it: Development, its own local PostgreSQL cluster under
/// <c>.data/postgres</c> of the folder the blocks run in, the built-in simulator on 127.0.0.1:18080 and the API on
/// 127.0.0.1:5080. The one thing a user sets by hand, <c>KEY</c> (the admin key the banner prints), is set here.
/// It runs alone: a test hosting the embedded simulator alongside would take port 18080 the README's blocks use.
/// </summary>
[Collection(ProcessTestsDefinition.Name)]
public sealed class RunnableBlocksTests
{
    private static readonly TimeSpan BlockTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_runnable_block_of_the_readme_and_docs_succeeds_against_a_dev_run()
    {
        var blocks = MarkdownBlock.Pages().SelectMany(MarkdownBlock.Read).Where(b => b.IsRunnable).ToList();
        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.True(b.Language is "sh" or "sql", $"{b.Where}: a runnable block must be sh or sql, not '{b.Language}'"));

        var folder = Directory.CreateTempSubdirectory("clbworker-docs-").FullName;
        var key = "docs-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        try
        {
            await using (var devRun = ChildProcess.Start("dev-run", BuiltAssemblies.PathOf("ClbWorker"), [], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:5080",
                ["Database__LocalClusterPath"] = Path.Combine(folder, ".data", "postgres"),
                ["Api__Keys__docs__Key"] = key,
                ["Api__Keys__docs__Role"] = "admin",
                ["ProgressLog__Enabled"] = "false",
            }))
            {
                await devRun.WaitForLineAsync("Application started", TimeSpan.FromSeconds(120));
                foreach (var block in blocks)
                {
                    var (exitCode, output) = await RunAsync(block, folder, key);
                    Assert.True(exitCode == 0, $"{block.Where} ({block.Language}) failed with exit code {exitCode}:\n{output}");
                    Assert.DoesNotContain("\"status\":500", output, StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            await StopClusterAsync(Path.Combine(folder, ".data", "postgres"));
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(MarkdownBlock block, string folder, string key)
    {
        var script = Path.Combine(folder, $"block-{block.Line}.{block.Language}");
        await File.WriteAllTextAsync(script, block.Text + "\n", TestContext.Current.CancellationToken);
        // An sql block runs in psql with the dev run's database, as the README's own psql lines connect.
        var command = block.Language == "sql"
            ? """export PGHOST=127.0.0.1 PGPORT=$(cat .data/postgres/port) PGUSER=postgres PGDATABASE=clbworker PGPASSWORD=$(cat .data/postgres/superuser.password); psql -v ON_ERROR_STOP=1 -f "$1" """
            : """. "$1" """;
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", command, "block", script])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KEY"] = key;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BlockTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"did not end within {BlockTimeout}:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    // The dev run stops its cluster when it exits; a cluster left by a run that was killed is stopped here.
    private static async Task StopClusterAsync(string data)
    {
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
            return;
        var pgCtl = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).FirstOrDefault(File.Exists);
        if (pgCtl is null)
            return;
        using var stop = Process.Start(new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "stop", "-D", data, "-m", "immediate"]))!;
        await stop.WaitForExitAsync();
    }
}
