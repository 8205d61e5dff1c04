using Kumo.Objects.Instances;

namespace Kumo.Virt.Events;

/// <summary>
/// What a virt driver may ask of the compute manager while it works on an instance (Nova's
/// nova/compute/virtapi.py, ComputeVirtAPI): today, waiting for external events such as
/// network-vif-plugged.
/// </summary>
public interface IVirtApi
{
    /// <summary>The compute host's vif_plugging_timeout and vif_plugging_is_fatal.</summary>
    VifPluggingPolicy VifPlugging { get; }

    /// <summary>
    /// Nova's wait_for_instance_event: registers a waiter for each event first, then runs
    /// <paramref name="body"/> (so an event that arrives while body still runs is not lost), then
    /// waits up to <paramref name="deadline"/> for the rest. Returns as soon as every event arrived,
    /// one arrived with a status other than completed, or the deadline passed. Throws
    /// <see cref="InstanceEventsCancelledException"/> when the instance is deleted meanwhile.
    /// </summary>
    Task<InstanceEventWait> WaitForInstanceEventAsync(Instance instance, IReadOnlyList<InstanceEventName> events, TimeSpan deadline,
        Func<Task> body, CancellationToken cancellationToken = default);
}
