namespace ClbWorker.Cli;

/// <summary>What the process exit code tells a script (64 and 69 are sysexits' EX_USAGE and EX_UNAVAILABLE).</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    /// <summary>timed_out, invalid or cancelled: the task ended without Tencent Cloud saying it succeeded or failed.</summary>
    public const int EndedOtherwise = 2;
    public const int StillPending = 3;
    /// <summary>A wrong flag or value, or a request ClbWorker refused as invalid (400) or about a task it does not have (404).</summary>
    public const int Usage = 64;
    /// <summary>ClbWorker could not be reached, answered with a server error, or refused the API key (401, 403).</summary>
    public const int Unavailable = 69;
    /// <summary>Stopped by Ctrl+C (SIGINT) while waiting, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a task in <paramref name="state"/>.</summary>
    public static int ForState(string? state) => state switch
    {
        "succeeded" => Succeeded,
        "failed" => Failed,
        "timed_out" or "invalid" or "cancelled" => EndedOtherwise,
        _ => StillPending,
    };
}
