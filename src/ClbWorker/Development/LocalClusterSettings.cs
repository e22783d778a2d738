namespace ClbWorker.Development;

/// <summary>The lines <see cref="LocalPostgresCluster"/> appends to a new cluster's postgresql.conf.</summary>
internal static class LocalClusterSettings
{
    // TCP on loopback only. No Unix socket: the default folder, /var/run/postgresql, may be missing or belong to a
    // system server, and the port alone identifies this cluster.
    private const string Network = """

        # Added by ClbWorker's LocalPostgresCluster.
        listen_addresses = '127.0.0.1'
        unix_socket_directories = ''

        """;

    // A throwaway cluster is deleted when the tests end, so crash safety would only cost time.
    private const string NoDurability = """
        fsync = off
        synchronous_commit = off
        full_page_writes = off

        """;

    public static string For(bool throwaway) => throwaway ? Network + NoDurability : Network;
}
