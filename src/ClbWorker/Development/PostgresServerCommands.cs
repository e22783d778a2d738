using System.ComponentModel;
using System.Diagnostics;

namespace ClbWorker.Development;

/// <summary>
/// Runs PostgreSQL's server programs. They refuse to run as root (a compromised server must not own the machine),
/// so when this process is root, as in CI and containers, each one runs as the <c>postgres</c> OS user through
/// <c>runuser</c>, and the cluster folder is handed to that user.
/// </summary>
internal static class PostgresServerCommands
{
    public const string OsUser = "postgres";

    public static bool SwitchesUser => Environment.IsPrivilegedProcess;

    /// <summary>Runs a program to completion (no shell involved) and returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = SwitchesUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter this process's own current directory (e.g. /root).
            WorkingDirectory = workingDirectory,
        };
        if (SwitchesUser)
        {
            foreach (var arg in new[] { "-u", OsUser, "--", program })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = StartOrExplain(start);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }

    /// <summary>
    /// Gives a cluster folder to the postgres user when this process is root: chown -R, and adds search permission
    /// (o+x, not listing) to any parent folder that lacks it, since the server must walk the path to its data.
    /// </summary>
    public static async Task HandToServerUserAsync(string directory, CancellationToken cancellationToken)
    {
        if (!SwitchesUser || OperatingSystem.IsWindows())
        {
            return;
        }

        for (var parent = Path.GetDirectoryName(directory); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent, mode | UnixFileMode.OtherExecute);
            }
        }

        using var chown = StartOrExplain(new ProcessStartInfo("chown", ["-R", OsUser + ":", directory])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        var error = await chown.StandardError.ReadToEndAsync(cancellationToken);
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Cannot hand {directory} to the {OsUser} OS user (chown exited with {chown.ExitCode}): {error.Trim()}. "
                + $"Running as root, the PostgreSQL server runs as {OsUser}; install the server package, which creates that user.");
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"Cannot run {start.FileName}: {error.Message}.", error);
        }
    }
}
