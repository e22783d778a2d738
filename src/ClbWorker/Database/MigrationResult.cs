namespace ClbWorker.Database;

/// <summary>What one <see cref="MigrationRunner.RunAsync"/> call did.</summary>
/// <param name="AppliedScripts">Scripts applied by this call, in order (e.g. <c>0001_tasks.sql</c>); empty when the
/// database was already up to date.</param>
public sealed record MigrationResult(IReadOnlyList<string> AppliedScripts);
