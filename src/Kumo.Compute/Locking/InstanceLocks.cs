namespace Kumo.Compute.Locking;

/// <summary>
/// One async lock per instance uuid (Nova's utils.synchronized(instance.uuid)): operations on one
/// instance never interleave, different instances run in parallel. Entries are reference counted and
/// dropped when unused, so 1,000 builds leave no 1,000 semaphores behind.
/// </summary>
public sealed class InstanceLocks
{
    private readonly Dictionary<Guid, Entry> _entries = [];

    public async Task<IDisposable> AcquireAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(instanceUuid, out entry!))
            {
                entry = new Entry();
                _entries[instanceUuid] = entry;
            }
            entry.References++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(instanceUuid, entry, held: false);
            throw;
        }
        return new Holder(this, instanceUuid, entry);
    }

    /// <summary>Instances with a lock held or awaited (for diagnostics and leak tests).</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Release(Guid instanceUuid, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }
        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(instanceUuid);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int References { get; set; }
    }

    private sealed class Holder(InstanceLocks owner, Guid uuid, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(uuid, entry, held: true);
            }
        }
    }
}
