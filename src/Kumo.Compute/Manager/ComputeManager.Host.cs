using Kumo.Compute.Periodic;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Network;
using Microsoft.Extensions.Logging;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    /// <summary>
    /// Starts the host (Nova's init_host): connects the driver, settles what a previous run left
    /// half done, plugs the VIFs of the others again, and counts resources. An interrupted delete is finished; an interrupted build gets a
    /// fault that says so and its guest is cleaned up (Nova leaves a bare ERROR); guests of instances
    /// already deleted are reaped (Nova's running_deleted_instance_action=reap).
    /// </summary>
    public async Task InitHostAsync(CancellationToken cancellationToken = default)
    {
        driver.RegisterEventListener(OnLifecycleEvent);
        await driver.InitHostAsync(options.Host, cancellationToken);
        foreach (var instance in await instances.ListAsync(options.Host, cancellationToken))
        {
            // vm_state deleted on a record not yet soft-deleted: a delete killed between its last two writes.
            if (instance.TaskState == TaskState.Deleting || instance.VmState == VmState.Deleted)
            {
                await FinishInterruptedDeleteAsync(instance, cancellationToken);
            }
            else if (instance.VmState == VmState.Building)
            {
                await SettleInterruptedBuildAsync(instance, cancellationToken);
            }
            else if (IsPowerAction(instance.TaskState))
            {
                await SettleInterruptedActionAsync(instance, cancellationToken);
            }
            else
            {
                await ReplugVifsAsync(instance, cancellationToken);
            }
        }
        await ReapDeletedInstancesAsync(cancellationToken);
        await tracker.UpdateAvailableResourceAsync(cancellationToken);
        var usage = tracker.GetUsage();
        LogHostStarted(options.Host, driver.Name, usage.VcpusTotal, usage.MemoryMbTotal, usage.LocalGbTotal);
    }

    /// <summary>
    /// Nova's _init_instance plugs every instance's VIFs again: a host reboot (or a hand) may have
    /// removed the bridges and veths a running guest's tap hangs from. Plugging is idempotent; a
    /// failure is logged and leaves the instance as it is (its next start plugs again).
    /// </summary>
    private async Task ReplugVifsAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            var networkInfo = await ReadNetworkInfoAsync(instance, "plug again", cancellationToken);
            if (networkInfo.Vifs.Count > 0)
            {
                await driver.PlugVifsAsync(instance, networkInfo, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBookkeepingFailed($"plug the VIFs of {instance.Uuid} again at start; a stop and start plugs them", ex);
        }
    }

    private async Task FinishInterruptedDeleteAsync(Instance instance, CancellationToken cancellationToken)
    {
        LogFinishingInterruptedDelete(instance.Uuid);
        IReadOnlyCollection<TaskState?> found = [instance.TaskState];
        try
        {
            await ShutdownAndDeleteAsync(RequestContext.Admin(), instance, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBookkeepingFailed($"finish the interrupted delete of {instance.Uuid}; delete it again", ex);
            await SetInstanceErrorStateAsync(instance, found);
        }
    }

    /// <summary>Destroys guests, disks, directories and VIF devices whose instance record says deleted.</summary>
    private async Task ReapDeletedInstancesAsync(CancellationToken cancellationToken)
    {
        var resources = await driver.ListHostResourcesAsync(cancellationToken);
        foreach (var uuid in resources.Select(r => r.InstanceUuid).OfType<Guid>().Distinct())
        {
            if (await instances.TryGetAsync(uuid, readDeleted: true, cancellationToken) is { Deleted: true } deleted)
            {
                LogReapingDeletedInstance(uuid);
                var networkInfo = await ReapedNetworkInfoAsync(uuid, resources, cancellationToken);
                await Best(() => driver.DestroyAsync(deleted, networkInfo, destroyDisks: true, cancellationToken), $"reap the guest of deleted instance {uuid}");
            }
        }
    }

    /// <summary>
    /// The VIFs to unplug for a deleted instance: its info cache when one is left, else the ports its
    /// devices on this host name (a delete done without this host deallocated the ports and dropped the
    /// cache, and the network service no longer knows them). A qbr device means the hybrid plug.
    /// </summary>
    private async Task<NetworkInfo> ReapedNetworkInfoAsync(Guid uuid, IReadOnlyList<Kumo.Virt.HostResource> resources, CancellationToken cancellationToken)
    {
        if (infoCaches is not null && await infoCaches.GetAsync(uuid, cancellationToken) is { Vifs.Count: > 0 } cached)
        {
            return cached;
        }
        return new NetworkInfo([.. resources.Where(r => r.InstanceUuid == uuid && r.PortId is not null).GroupBy(r => r.PortId!.Value).Select(port =>
            new Vif(port.Key, Guid.Empty, "", "ovs", HybridPlugNames.Tap(port.Key), [])
            {
                Details = port.Any(r => r.Name == HybridPlugNames.Bridge(port.Key)) ? VifDetails.HybridOvs : VifDetails.PlainOvs,
            })]);
    }

    private async Task SettleInterruptedBuildAsync(Instance instance, CancellationToken cancellationToken)
    {
        LogInterruptedBuild(instance.Uuid, $"{instance.VmState.ToNovaName()}/{instance.TaskState.ToNovaName() ?? "none"}");
        var networkInfo = await NetworkInfoAtStartAsync(instance, cancellationToken);
        await Best(() => driver.DestroyAsync(instance, networkInfo, destroyDisks: true, cancellationToken), "destroy the interrupted guest");
        await Best(() => DeallocateNetworkAsync(RequestContext.Admin(), instance, cancellationToken), "release the interrupted build's ports");
        await Best(() => tracker.ReleaseAllocationsAsync(instance.Uuid, cancellationToken), "release the interrupted build's allocation");
        await faults.AddAsync(new InstanceFault
        {
            InstanceUuid = instance.Uuid,
            Code = 500,
            Message = $"The compute service on {options.Host} restarted while the instance was building (task state {instance.TaskState.ToNovaName() ?? "none"}); the build was stopped and its resources (claim, allocation, ports, guest) released. Delete the server and create it again.",
            Host = options.Host,
            CreatedAt = time.GetUtcNow(),
        }, cancellationToken);
        instance.VmState = VmState.Error;
        instance.TaskState = null;
        await instances.SaveAsync(instance, cancellationToken: cancellationToken);
    }

    /// <summary>Starts this host's periodic tasks; they stop when the returned object is disposed.</summary>
    public PeriodicTasks StartPeriodicTasks(ILogger<PeriodicTasks> periodicLogger)
    {
        var periodic = new PeriodicTasks(time, periodicLogger);
        periodic.Add("update_available_resource", options.UpdateResourcesInterval, ct => tracker.UpdateAvailableResourceAsync(ct));
        periodic.Add("sync_power_states", options.SyncPowerStateInterval, SyncPowerStatesAsync);
        periodic.Add("manage_image_cache", options.ImageCacheManagerInterval, async ct =>
            await driver.ManageImageCacheAsync(await instances.ListAsync(options.Host, ct), options.RemoveUnusedBaseImagesMinimumAge, ct));
        return periodic;
    }

    /// <summary>The guest's console log (os-getConsoleOutput); the last <paramref name="lines"/> when given.</summary>
    public async Task<string> GetConsoleOutputAsync(Guid instanceUuid, int? lines, CancellationToken cancellationToken = default)
    {
        var instance = await instances.GetAsync(instanceUuid, cancellationToken: cancellationToken);
        if (instance.Host != options.Host)
        {
            throw new InstanceNotFoundException(instanceUuid);
        }
        var output = await driver.GetConsoleOutputAsync(instance, cancellationToken);
        if (lines is { } n)
        {
            var all = output.Split('\n');
            output = string.Join('\n', all.Skip(Math.Max(0, all.Length - n)));
        }
        return output;
    }
}
