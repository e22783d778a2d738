namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>One line a child process wrote, with the time the test received it.</summary>
internal sealed record OutputLine(DateTimeOffset At, string Stream, string Text);
