using Kumo.Common.Reverting;
using Kumo.Objects.Errors;
using Kumo.Virt.Events;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Progress;

namespace Kumo.Virt.Libvirt.Driver;

// The seed's _create_domain_and_network: plug, define and start inside the wait for
// network-vif-plugged, then resume.
public sealed partial class LibvirtDriver
{
    /// <summary>
    /// With ports not yet ACTIVE the domain starts paused (VIR_DOMAIN_START_PAUSED, as Nova does) so
    /// the guest never runs before its network is up, and resumes once every port is reported (or,
    /// with vif_plugging_is_fatal off, once the wait gave up). The waiters exist before the plug, so
    /// an agent that reports at once is not missed. A fatal failure leaves the undo to the revert
    /// scope: domain, VIFs and instance directory.
    /// </summary>
    private async Task CreateDomainAndNetworkAsync(SpawnRequest request, string xml, RevertScope revert, CancellationToken cancellationToken)
    {
        var instance = request.Instance;
        var expected = VifPlugEvents.Expected(request.VirtApi, request.NetworkInfo);
        var paused = expected.Count > 0;
        await VifPlugEvents.WaitForPluggedAsync(request.VirtApi, instance, expected, async () =>
        {
            await request.Timeline.StepAsync(BuildSteps.PlugVifs, () => PlugVifsAsync(instance, request.NetworkInfo, cancellationToken));
            revert.Add("unplug the VIFs", () => UnplugVifsAsync(instance, request.NetworkInfo, CancellationToken.None));
            await CreateDomainAsync(instance, xml, revert, paused, request.Timeline, cancellationToken);
        }, logger, request.Timeline, cancellationToken);
        if (paused)
        {
            await request.Timeline.StepAsync(BuildSteps.Resume, () => Task.Run(() => Resume(instance.Uuid, cancellationToken), cancellationToken));
        }
    }

    // Runs again after a daemon restart: a guest the first call resumed is left running.
    private void Resume(Guid uuid, CancellationToken cancellationToken) => Libvirt(connection =>
    {
        using var domain = connection.TryLookupByUuid(uuid) ?? throw new InstanceNotFoundException(uuid);
        if (domain.GetState().State == DomainState.Running)
        {
            return;
        }
        try
        {
            domain.Resume();
        }
        catch (LibvirtException ex) when (connection.IsAlive)
        {
            throw new KumoException($"Failed to resume domain for instance {uuid} after its ports came up: {ex.LibvirtMessage}", ex);
        }
    }, cancellationToken);
}
