using ClbWorker.Benchmarks.Baselines;

namespace ClbWorker.Benchmarks;

/// <summary>The harness's entry point: <c>dotnet run -c Release --project tests/ClbWorker.Benchmarks -- &lt;scenario&gt;|all [options]</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // A baseline that runs as a process of its own is this program started with a hidden first argument.
        if (args.Length > 0 && args[0] == HangfireBaseline.ServeCommand)
            return await HangfireBaseline.ServeAsync(args[1..]);

        var options = HarnessOptions.Parse(args, out var error);
        if (options is null)
        {
            if (!string.IsNullOrEmpty(error))
                Console.Error.WriteLine(error);
            Console.Error.WriteLine(HarnessOptions.Usage);
            // 64: usage error (sysexits), as the command line documents.
            return string.IsNullOrEmpty(error) ? 0 : 64;
        }
        return await Harness.RunAsync(options);
    }
}
