using Kumo.Compute.Deadlines;
using Kumo.Compute.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    public const string StartEvent = "compute_start_instance";

    /// <summary>
    /// Powers the guest on (Nova's start_instance): plug the VIFs, start the defined guest; active
    /// with the hypervisor's power state, as a compare-and-set from powering-on.
    /// </summary>
    public Task StartInstanceAsync(RequestContext context, Guid instanceUuid, StartInstanceRequest request, CancellationToken cancellationToken = default) =>
        RunActionAsync(context, instanceUuid, "start_instance", StartEvent, "power_on", (nameof(OperationDeadlines.Start), options.Deadlines.Start), async (instance, ct) =>
        {
            await notifier.NotifyAsync(context, instance, "power_on.start", cancellationToken: ct);
            var networkInfo = await ReadNetworkInfoAsync(instance, "plug", ct);
            await driver.PowerOnAsync(instance, networkInfo, ct);
            instance.PowerState = await GetPowerStateAsync(instance, ct);
            instance.VmState = VmState.Active;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [TaskState.PoweringOn], ct);
            await notifier.NotifyAsync(context, instance, "power_on.end", cancellationToken: ct);
        }, cancellationToken);
}
