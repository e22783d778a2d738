namespace ClbWorker.Development;

/// <summary>What <see cref="LocalPostgresCluster"/> found in its folder.</summary>
public enum LocalClusterStart
{
    /// <summary>No cluster: one was created with initdb and started.</summary>
    Created,

    /// <summary>A stopped cluster: it was started.</summary>
    Started,

    /// <summary>A running server (e.g. left by a killed process): it was adopted as it is.</summary>
    AlreadyRunning,
}
