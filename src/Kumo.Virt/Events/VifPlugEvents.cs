using Kumo.Objects.Events;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Progress;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Events;

/// <summary>
/// The driver's side of network-vif-plugged (Nova's libvirt _create_guest_with_network with
/// _get_neutron_events and _neutron_failed_callback), shared by every driver so that the fake
/// exercises the same path as libvirt.
/// </summary>
public static partial class VifPlugEvents
{
    /// <summary>
    /// One network-vif-plugged per port that is not ACTIVE yet (an ACTIVE port sends no event); none
    /// when the host does not wait (no virt API, or vif_plugging_timeout 0, as in Nova).
    /// </summary>
    public static IReadOnlyList<InstanceEventName> Expected(IVirtApi? virtApi, NetworkInfo networkInfo) =>
        virtApi is null || virtApi.VifPlugging.Timeout <= TimeSpan.Zero
            ? []
            : [.. networkInfo.Vifs.Where(v => !v.Active).Select(v => new InstanceEventName(ExternalInstanceEvent.NetworkVifPlugged, v.PortId.ToString()))];

    /// <summary>
    /// Runs <paramref name="plugAndCreate"/> (plug the VIFs, create the guest paused) inside the wait
    /// for <paramref name="expected"/>. A port reported failed, or one never reported within
    /// vif_plugging_timeout, throws <see cref="VirtualInterfaceCreateException"/> naming the ports
    /// when vif_plugging_is_fatal; otherwise it is logged and the build goes on. The time from the end
    /// of <paramref name="plugAndCreate"/> until the wait is over is the timeline's vif-plugged wait.
    /// </summary>
    public static async Task WaitForPluggedAsync(IVirtApi? virtApi, Instance instance, IReadOnlyList<InstanceEventName> expected,
        Func<Task> plugAndCreate, ILogger logger, IBuildTimeline? timeline = null, CancellationToken cancellationToken = default)
    {
        if (virtApi is null || expected.Count == 0)
        {
            await plugAndCreate();
            return;
        }
        var policy = virtApi.VifPlugging;
        int? waitStep = null;
        InstanceEventWait wait;
        try
        {
            wait = await virtApi.WaitForInstanceEventAsync(instance, expected, policy.Timeout, async () =>
            {
                await plugAndCreate();
                waitStep = timeline?.Start(BuildSteps.VifPluggedWait);
            }, cancellationToken);
        }
        catch
        {
            Finish(timeline, waitStep, succeeded: false);
            throw;
        }
        Finish(timeline, waitStep, succeeded: wait.Failed.Count == 0 && wait.Missing.Count == 0);
        if (wait.Failed.Count > 0)
        {
            var failed = wait.Failed.Select(e => e.Tag ?? "?").ToList();
            LogPortFailed(logger, instance.Uuid, string.Join(", ", failed), policy.IsFatal);
            if (policy.IsFatal)
            {
                throw VirtualInterfaceCreateException.Failed(failed);
            }
        }
        if (wait.Missing.Count > 0 && wait.Failed.Count == 0)
        {
            var missing = wait.Missing.Select(e => e.Tag ?? e.Name).ToList();
            LogTimedOut(logger, instance.Uuid, policy.Timeout.TotalSeconds, string.Join(", ", missing), policy.IsFatal);
            if (policy.IsFatal)
            {
                throw VirtualInterfaceCreateException.TimedOut(missing, policy.Timeout, instance.Host);
            }
        }
    }

    private static void Finish(IBuildTimeline? timeline, int? step, bool succeeded)
    {
        if (step is { } s)
        {
            timeline?.Finish(s, succeeded);
        }
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Error,
        Message = "Instance {InstanceUuid}: the network service reported port(s) {Ports} failed (vif_plugging_is_fatal {Fatal})")]
    private static partial void LogPortFailed(ILogger logger, Guid instanceUuid, string ports, bool fatal);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning,
        Message = "Instance {InstanceUuid}: timed out after {Seconds} s waiting for network-vif-plugged of port(s) {Ports} (vif_plugging_is_fatal {Fatal})")]
    private static partial void LogTimedOut(ILogger logger, Guid instanceUuid, double seconds, string ports, bool fatal);
}
