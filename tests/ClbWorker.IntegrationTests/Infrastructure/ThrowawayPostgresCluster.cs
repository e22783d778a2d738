using ClbWorker.Development;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The tests' own kind of <see cref="LocalPostgresCluster"/>: one in a fresh temporary folder, gone when disposed.
/// Shared with the benchmark harness (linked into its project), so that the application ships none of it.
/// </summary>
internal static class ThrowawayPostgresCluster
{
    extension(LocalPostgresCluster)
    {
        /// <summary>
        /// Creates and starts a new cluster in a fresh temporary folder, tuned for speed over durability (fsync off).
        /// Disposing stops it and deletes the folder.
        /// </summary>
        /// <exception cref="PostgresNotAvailableException">No PostgreSQL server programs are installed.</exception>
        public static async Task<LocalPostgresCluster> StartThrowawayAsync(CancellationToken cancellationToken = default)
        {
            var binaries = PostgresBinaries.Locate();
            var directory = Directory.CreateTempSubdirectory("clbworker-postgres-").FullName;
            try
            {
                return await LocalPostgresCluster.OpenThrowawayAsync(directory, binaries, cancellationToken);
            }
            catch
            {
                Directory.Delete(directory, recursive: true);
                throw;
            }
        }
    }
}
