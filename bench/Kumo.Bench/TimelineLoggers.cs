using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kumo.Bench;

/// <summary>One log event Kumo wrote during a boot, stamped with the <see cref="Stopwatch"/> clock.</summary>
internal sealed record TimelineEntry(long Timestamp, string Category, int EventId, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// A logger factory that keeps, with a timestamp, the few log events that mark the steps of a
/// libvirt spawn (image cache hit, each qemu-img run, root disk created). It lets the boot
/// benchmark break Kumo's time down without wrapping or rebuilding any of Kumo's services: the
/// cloud is composed exactly as KumoHost composes it. Every other category is disabled, so
/// logging costs nothing elsewhere.
/// </summary>
internal sealed class TimelineLoggers : ILoggerFactory
{
    public const string CommandRunner = "Kumo.Common.Processes.ProcessCommandRunner";
    public const string ImageCache = "Kumo.Virt.Libvirt.Storage.ImageCache";
    public const string DiskBuilder = "Kumo.Virt.Libvirt.Storage.DiskBuilder";

    private static readonly HashSet<string> Recorded = [CommandRunner, ImageCache, DiskBuilder];

    private readonly ConcurrentQueue<TimelineEntry> _entries = new();

    /// <summary>Everything recorded since the last call.</summary>
    public IReadOnlyList<TimelineEntry> Drain()
    {
        var drained = new List<TimelineEntry>();
        while (_entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }
        return drained;
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName, Recorded.Contains(categoryName));

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Recorder(TimelineLoggers owner, string category, bool enabled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => enabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var now = Stopwatch.GetTimestamp();
            if (!enabled)
            {
                return;
            }
            // [LoggerMessage] methods pass their arguments as name/value pairs.
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner._entries.Enqueue(new TimelineEntry(now, category, eventId.Id, values));
        }
    }
}
