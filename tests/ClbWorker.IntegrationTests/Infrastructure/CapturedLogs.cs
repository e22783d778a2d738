using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry the application writes, at every level, as text: category, message,
/// each structured value, every scope around it (its text and values) and the exception with its inner ones.
/// Whatever a sink could print is in <see cref="Entries"/>.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Entries { get; } = new();

    public string AllText => string.Join('\n', Entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(text, state);
            owner.scopes.ForEachScope((scope, line) => AppendValues(line.Append(" => ").Append(scope), scope), text);
            if (exception is not null)
                text.Append('\n').Append(exception);
            owner.Entries.Enqueue(text.ToString());
        }

        private static void AppendValues(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                    text.Append(" [").Append(key).Append('=').Append(value is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object?>()) : value).Append(']');
            }
        }
    }
}
