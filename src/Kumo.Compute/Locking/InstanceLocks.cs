using Kumo.Common.Threading;

namespace Kumo.Compute.Locking;

/// <summary>
/// One async lock per instance uuid (Nova's utils.synchronized(instance.uuid)): operations on one
/// instance never interleave, different instances run in parallel. Unused entries are dropped, so
/// 1,000 builds leave no 1,000 semaphores behind.
/// </summary>
public sealed class InstanceLocks
{
    private readonly KeyedAsyncLock<Guid> _locks = new();

    public Task<IDisposable> AcquireAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
        _locks.AcquireAsync(instanceUuid, cancellationToken);

    /// <summary>Instances with a lock held or awaited (for diagnostics and leak tests).</summary>
    public int Count => _locks.Count;
}
