using Kumo.Compute.Deadlines;
using Kumo.Compute.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    public const string RebootEvent = "compute_reboot_instance";

    /// <summary>
    /// Reboots the guest (Nova's reboot_instance). SOFT asks the guest to shut down and falls back to
    /// HARD after the driver's timeout; HARD destroys it and starts it again from its saved definition.
    /// A guest that is not running afterwards leaves the instance in ERROR, as Nova does.
    /// </summary>
    public Task RebootInstanceAsync(RequestContext context, Guid instanceUuid, RebootInstanceRequest request, CancellationToken cancellationToken = default) =>
        RunActionAsync(context, instanceUuid, "reboot_instance", RebootEvent, "reboot", (nameof(OperationDeadlines.Reboot), options.Deadlines.Reboot), async (instance, ct) =>
        {
            var expected = request.Type == RebootType.Hard ? TaskState.RebootingHard : TaskState.Rebooting;
            await notifier.NotifyAsync(context, instance, "reboot.start", cancellationToken: ct);
            var networkInfo = await ReadNetworkInfoAsync(instance, "plug", ct);
            await driver.RebootAsync(instance, networkInfo, request.Type == RebootType.Hard, ct);
            instance.PowerState = await GetPowerStateAsync(instance, ct);
            instance.VmState = VmState.Active;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [expected], ct);
            await notifier.NotifyAsync(context, instance, "reboot.end", cancellationToken: ct);
        }, cancellationToken, afterFailure: async instance =>
        {
            // Also when the deadline cut the reboot short: the guest may be half way. A state that
            // cannot be read (the driver hung on this guest) is not running either.
            if (await TryReadPowerStateAsync(instance) != PowerState.Running)
            {
                await SetInstanceErrorStateAsync(instance);
            }
        });

    /// <summary>
    /// Longer than libvirt's own wait for a domain's job lock (QEMU_JOB_WAIT_TIME, 30 s), which a read
    /// behind a hung monitor job runs into; this holds the instance lock, so it must end.
    /// </summary>
    private static readonly TimeSpan PowerStateReadLimit = TimeSpan.FromSeconds(60);

    private async Task<PowerState?> TryReadPowerStateAsync(Instance instance)
    {
        using var deadline = new Deadline(PowerStateReadLimit, time, CancellationToken.None);
        try
        {
            return await deadline.RunAsync(ct => GetPowerStateAsync(instance, ct), ex => ex, abandonOnCancel: true);
        }
        catch (OperationCanceledException ex)
        {
            LogBookkeepingFailed($"read the power state of {instance.Uuid} after a failed reboot within {PowerStateReadLimit.TotalSeconds:0} s", ex);
            return null;
        }
    }
}
