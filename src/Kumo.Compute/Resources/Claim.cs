using Kumo.Objects.Instances;

namespace Kumo.Compute.Resources;

/// <summary>
/// Resources held for one instance on this node (Nova's compute Claim). <see cref="AbortAsync"/> gives
/// them back; a claim that is neither aborted nor dropped stays counted for the instance's life.
/// </summary>
public sealed class InstanceClaim
{
    private readonly ResourceTracker _tracker;
    private int _aborted;

    internal InstanceClaim(ResourceTracker tracker, Instance instance)
    {
        _tracker = tracker;
        Instance = instance;
    }

    public Instance Instance { get; }

    public int Vcpus => Instance.Vcpus;

    public int MemoryMb => Instance.MemoryMb;

    public int DiskGb => Instance.DiskGb;

    public Task AbortAsync()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1)
        {
            return Task.CompletedTask;
        }
        return _tracker.AbortInstanceClaimAsync(Instance);
    }
}
