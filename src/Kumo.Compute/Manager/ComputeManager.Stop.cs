using Kumo.Compute.Deadlines;
using Kumo.Compute.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    public const string StopEvent = "compute_stop_instance";

    /// <summary>
    /// Powers the guest off (Nova's stop_instance): ACPI shutdown for up to shutdown_timeout when
    /// clean, then destroy; the record becomes stopped with the hypervisor's power state, written as
    /// a compare-and-set from powering-off so a delete that took over meanwhile wins.
    /// </summary>
    public Task StopInstanceAsync(RequestContext context, Guid instanceUuid, StopInstanceRequest request, CancellationToken cancellationToken = default) =>
        RunActionAsync(context, instanceUuid, "stop_instance", StopEvent, "power_off", (nameof(OperationDeadlines.Stop), options.Deadlines.Stop), async (instance, ct) =>
        {
            await notifier.NotifyAsync(context, instance, "power_off.start", cancellationToken: ct);
            var timeout = request.CleanShutdown ? options.ShutdownTimeout : TimeSpan.Zero;
            await driver.PowerOffAsync(instance, timeout, ct);
            instance.PowerState = await GetPowerStateAsync(instance, ct);
            instance.VmState = VmState.Stopped;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [TaskState.PoweringOff], ct);
            await notifier.NotifyAsync(context, instance, "power_off.end", cancellationToken: ct);
        }, cancellationToken);
}
