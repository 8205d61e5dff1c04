using System.Collections.Concurrent;
using System.Diagnostics;
using Kumo.Db.Stores;
using Kumo.Objects.Instances;

namespace Kumo.Bench;

/// <summary>
/// Watches every server as a client listing them would: one ListAsync every ~10 ms, noting when each
/// uuid is first seen ACTIVE (or ERROR) and how many are left. One list for all servers instead of
/// one poll per server, so observing does not become the load. A sighting is stamped when the list
/// returns, so latencies include up to one poll interval plus one list's duration.
/// </summary>
internal sealed class StoreObserver(IInstanceStore instances)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly List<double> _listMs = [];

    public ConcurrentDictionary<Guid, long> ActiveSeen { get; } = new();

    public ConcurrentDictionary<Guid, long> ErrorSeen { get; } = new();

    /// <summary>Durations of the observer's own ListAsync calls: what observing costs.</summary>
    public IReadOnlyList<double> ListMs => _listMs;

    /// <summary>Polls until <paramref name="settled"/> holds (checked after each list) or the timeout passes.</summary>
    public async Task<int> PollUntilAsync(Func<IReadOnlyList<Instance>, bool> settled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var list = await instances.ListAsync(cancellationToken: cancellationToken);
            var seen = Stopwatch.GetTimestamp();
            _listMs.Add(Stopwatch.GetElapsedTime(started, seen).TotalMilliseconds);
            foreach (var instance in list)
            {
                if (instance.VmState == VmState.Active && instance.TaskState is null)
                {
                    ActiveSeen.TryAdd(instance.Uuid, seen);
                }
                else if (instance.VmState == VmState.Error)
                {
                    ErrorSeen.TryAdd(instance.Uuid, seen);
                }
            }
            if (settled(list) || seen > deadline)
            {
                return list.Count;
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
