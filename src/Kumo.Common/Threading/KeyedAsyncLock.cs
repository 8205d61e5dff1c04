namespace Kumo.Common.Threading;

/// <summary>
/// One async lock per key (Nova's utils.synchronized(name)): holders of one key run one at a time,
/// different keys run in parallel. Entries are reference counted and dropped when unused, so a
/// thousand keys seen once leave no thousand semaphores behind.
/// </summary>
public sealed class KeyedAsyncLock<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];

    public async Task<IDisposable> AcquireAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            entry.References++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, held: false);
            throw;
        }
        return new Holder(this, key, entry);
    }

    /// <summary>Keys with the lock held or awaited (for diagnostics and leak tests).</summary>
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

    private void Release(TKey key, Entry entry, bool held)
    {
        if (held)
        {
            entry.Semaphore.Release();
        }
        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int References { get; set; }
    }

    private sealed class Holder(KeyedAsyncLock<TKey> owner, TKey key, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key, entry, held: true);
            }
        }
    }
}
