using System.Diagnostics.CodeAnalysis;
using ClbWorker.Api;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// The <c>wait</c> query parameter of a task lookup: an ISO 8601 duration from <c>PT0S</c> to <see cref="Max"/>. The answer
/// comes as soon as the task is final, or when the wait is over with the task still pending; <see cref="FinalHeader"/>
/// says which.
/// </summary>
public static class TaskWait
{
    /// <summary>Longest wait: well below the idle timeouts of common proxies and load balancers (60 s and more).</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    /// <summary>Response header of a lookup with <c>wait</c>: <c>true</c> when the task (every task listed) is final.</summary>
    public const string FinalHeader = "ClbWorker-Task-Final";

    public static bool TryParse(string text, out TimeSpan wait, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (IsoDuration.TryParse(text, out wait) && wait <= Max)
            return true;
        problem = $"wait '{ApiProblems.Quote(text)}' is not allowed; allowed: an ISO 8601 duration from PT0S to PT{Max.TotalSeconds:0}S, such as PT30S.";
        return false;
    }
}
