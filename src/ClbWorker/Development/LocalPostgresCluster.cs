using System.Net;
using ClbWorker.Database;
using Npgsql;

namespace ClbWorker.Development;

/// <summary>
/// A PostgreSQL cluster run with this machine's server programs, living in one folder: <c>data/</c> (the cluster),
/// <c>server.log</c>, <c>superuser.password</c> and <c>port</c> (the last port used). It listens on 127.0.0.1 over
/// TCP only (no Unix socket, so nothing depends on /var/run/postgresql), and the superuser <c>postgres</c> logs in
/// with a random password (SCRAM). Used by the Development host (<see cref="StartPersistentAsync"/>) and by the
/// tests and the benchmark harness, whose <c>ThrowawayPostgresCluster</c> opens one with <see cref="OpenThrowawayAsync"/>.
/// When this process is root, the server programs run as the <c>postgres</c> OS user and the folder is handed to that user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable, IDisposable
{
    public const string SuperUser = "postgres";

    private const string MaintenanceDatabase = "postgres";

    private readonly PostgresBinaries binaries;
    private readonly bool throwaway;
    private string password = "";
    private bool stopped;

    private LocalPostgresCluster(string directory, PostgresBinaries binaries, bool throwaway)
    {
        Directory = directory;
        this.binaries = binaries;
        this.throwaway = throwaway;
    }

    /// <summary>The cluster's folder.</summary>
    public string Directory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Whether this instance created the cluster, started it, or found it already running.</summary>
    public LocalClusterStart HowStarted { get; private set; }

    public string LogFile => Path.Combine(Directory, "server.log");

    /// <summary>Superuser connection to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString => ConnectionStringFor(MaintenanceDatabase);

    private string DataDirectory => Path.Combine(Directory, "data");

    private string PortFile => Path.Combine(Directory, "port");

    /// <summary>
    /// Uses the cluster in <paramref name="directory"/>, creating it if the folder holds none, starting it if it is
    /// stopped, and adopting it if it already runs (e.g. after the previous process was killed). Disposing stops it
    /// and keeps the data. <paramref name="port"/> defaults to the port used last time if free, else any free port.
    /// </summary>
    /// <exception cref="PostgresNotAvailableException">No PostgreSQL server programs are installed.</exception>
    public static async Task<LocalPostgresCluster> StartPersistentAsync(
        string directory, int? port = null, CancellationToken cancellationToken = default)
    {
        var binaries = PostgresBinaries.Locate();
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        return await OpenAsync(directory, binaries, throwaway: false, port, cancellationToken);
    }

    /// <summary>
    /// Creates and starts a new cluster in the empty <paramref name="directory"/>, tuned for speed over durability
    /// (fsync off). Disposing stops it and deletes the folder.
    /// </summary>
    internal static Task<LocalPostgresCluster> OpenThrowawayAsync(string directory, PostgresBinaries binaries, CancellationToken cancellationToken) =>
        OpenAsync(directory, binaries, throwaway: true, port: null, cancellationToken);

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = SuperUser,
            Password = password,
            Database = database,
        }.ConnectionString;

    /// <summary>Creates the database unless it exists; returns whether it was created.</summary>
    public Task<bool> CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default) =>
        DatabaseAdmin.CreateIfMissingAsync(ConnectionString, database, cancellationToken);

    /// <summary>Stops the server (fast shutdown: open sessions are disconnected). Stopping twice does nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (stopped)
        {
            return;
        }

        // A throwaway cluster is deleted next, so skip the shutdown checkpoint.
        var mode = throwaway ? "immediate" : "fast";
        var (exitCode, output) = await PgCtlAsync(["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60"], cancellationToken);
        if (exitCode != 0 && await IsRunningAsync(cancellationToken))
        {
            throw new InvalidOperationException($"pg_ctl stop exited with {exitCode} for {DataDirectory}: {output}");
        }

        stopped = true;
    }

    /// <summary>
    /// Stops the server and starts it again on the same port. Immediate mode skips the shutdown checkpoint, as a crash
    /// does, so the start runs crash recovery; sessions of every client are cut either way.
    /// </summary>
    public async Task RestartAsync(bool immediate, CancellationToken cancellationToken = default)
    {
        var (exitCode, output) = await PgCtlAsync(["stop", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60"], cancellationToken);
        if (exitCode != 0 && await IsRunningAsync(cancellationToken))
        {
            throw new InvalidOperationException($"pg_ctl stop exited with {exitCode} for {DataDirectory}: {output}");
        }

        Port = await StartServerAsync(Port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (throwaway && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    // The host's container may dispose synchronously; stopping the server must still happen.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static async Task<LocalPostgresCluster> OpenAsync(
        string directory, PostgresBinaries binaries, bool throwaway, int? port, CancellationToken cancellationToken)
    {
        var cluster = new LocalPostgresCluster(directory, binaries, throwaway);
        await cluster.OpenAsync(port, cancellationToken);
        return cluster;
    }

    private async Task OpenAsync(int? port, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            password = SuperuserPasswordFile.Read(Directory);
            HowStarted = LocalClusterStart.Started;
        }
        else
        {
            await InitializeAsync(cancellationToken);
            HowStarted = LocalClusterStart.Created;
        }

        if (await IsRunningAsync(cancellationToken))
        {
            Port = ReadRunningPort();
            HowStarted = LocalClusterStart.AlreadyRunning;
            return;
        }

        Port = await StartServerAsync(port, cancellationToken);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        password = await SuperuserPasswordFile.CreateAsync(Directory, cancellationToken);
        await PostgresServerCommands.HandToServerUserAsync(Directory, cancellationToken);
        string[] arguments =
        [
            "-D", DataDirectory, "--username", SuperUser, "--pwfile", SuperuserPasswordFile.PathIn(Directory), "--auth", "scram-sha-256",
            "--encoding", "UTF8", "--locale", "C", .. throwaway ? new[] { "--no-sync" } : [],
        ];
        var (exitCode, output) = await PostgresServerCommands.RunAsync(binaries.InitDb, arguments, Directory, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"initdb exited with {exitCode} for {DataDirectory}: {output}");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), LocalClusterSettings.For(throwaway), cancellationToken);
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        // pg_ctl status: 0 running, 3 not running, 4 no data directory.
        var (exitCode, _) = await PgCtlAsync(["status", "-D", DataDirectory], cancellationToken);
        return exitCode == 0;
    }

    // postmaster.pid, line 4: the port the running server listens on.
    private int ReadRunningPort() =>
        int.Parse(File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"))[3], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> StartServerAsync(int? requestedPort, CancellationToken cancellationToken)
    {
        // A port picked as free can be taken by someone else before the server binds it: pick again, a few times.
        for (var attempt = 1; ; attempt++)
        {
            var port = requestedPort ?? (attempt == 1 ? LastPortIfFree() : null) ?? LoopbackPorts.Free();
            var logLengthBefore = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var (exitCode, output) = await PgCtlAsync(
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", $"-p {port}"], cancellationToken);
            if (exitCode == 0)
            {
                await File.WriteAllTextAsync(PortFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                return port;
            }

            var log = ReadLogFrom(logLengthBefore);
            if (requestedPort is null && attempt < 3 && log.Contains("could not bind", StringComparison.Ordinal))
            {
                continue;
            }

            throw new InvalidOperationException(
                $"pg_ctl start exited with {exitCode} for {DataDirectory} on port {port}: {output}\nServer log ({LogFile}):\n{log}");
        }
    }

    private int? LastPortIfFree() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile), out var port) && LoopbackPorts.IsFree(port) ? port : null;

    private string ReadLogFrom(long offset)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log written)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd().Trim();
    }

    private Task<(int ExitCode, string Output)> PgCtlAsync(string[] arguments, CancellationToken cancellationToken) =>
        PostgresServerCommands.RunAsync(binaries.PgCtl, arguments, Directory, cancellationToken);
}
