using ClbWorker.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess());
