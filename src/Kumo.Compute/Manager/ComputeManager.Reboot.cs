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
        RunActionAsync(context, instanceUuid, "reboot_instance", RebootEvent, "reboot", async instance =>
        {
            var expected = request.Type == RebootType.Hard ? TaskState.RebootingHard : TaskState.Rebooting;
            await notifier.NotifyAsync(context, instance, "reboot.start", cancellationToken: cancellationToken);
            var networkInfo = await network.GetInstanceNetworkInfoAsync(instance, cancellationToken);
            try
            {
                await driver.RebootAsync(instance, networkInfo, request.Type == RebootType.Hard, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (await GetPowerStateAsync(instance, cancellationToken) != PowerState.Running)
                {
                    await SetInstanceErrorStateAsync(instance);
                }
                throw;
            }
            instance.PowerState = await GetPowerStateAsync(instance, cancellationToken);
            instance.VmState = VmState.Active;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [expected], cancellationToken);
            await notifier.NotifyAsync(context, instance, "reboot.end", cancellationToken: cancellationToken);
        }, cancellationToken);
}
