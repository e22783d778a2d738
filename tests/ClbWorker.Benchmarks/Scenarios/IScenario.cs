using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>One promise of ClbWorker measured against its target: what it measures and where, its figures, and a run.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>One line: the setup in a few words.</summary>
    string Title { get; }

    /// <summary>What is measured, by whom (simulator, receiver, database, /proc) and how; Markdown.</summary>
    string Description { get; }

    IReadOnlyList<Figure> Figures { get; }

    /// <summary>Runs of a full measurement; a quick one makes one.</summary>
    int DefaultRuns { get; }

    /// <summary>
    /// One run: measures every ClbWorker build the context names for this run (the compared revision too) and any
    /// baseline, side by side, adding each value to <paramref name="record"/> under the build's label or the
    /// baseline's name. Notes (sizes, settings, what could not be measured) go to <paramref name="notes"/> once.
    /// </summary>
    Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct);
}
