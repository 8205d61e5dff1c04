using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Agent.Tests.Support;

/// <summary>Keeps the agent's warnings and errors so a failing assertion can show what the agent said.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join('\n', Lines);

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
