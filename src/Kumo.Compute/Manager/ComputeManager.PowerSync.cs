using Kumo.Objects.Errors;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Kumo.Virt;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    /// <summary>
    /// The driver's lifecycle listener (Nova's handle_lifecycle_event): queue the sync and return at
    /// once, since it runs on the hypervisor's event thread.
    /// </summary>
    private void OnLifecycleEvent(InstanceLifecycleEvent e)
    {
        if (Volatile.Read(ref _stopping))
        {
            return; // shutting down: the next start's sync covers it
        }
        var handler = Task.Run(async () =>
        {
            try
            {
                await HandleLifecycleEventAsync(e);
            }
            catch (Exception ex)
            {
                LogBookkeepingFailed($"sync the power state of {e.InstanceUuid} after a {e.Transition} event", ex);
            }
        });
        _eventHandlers.Track(handler);
    }

    private readonly Kumo.Common.Threading.TaskTracker _eventHandlers = new();
    private bool _stopping;

    /// <summary>Stops taking lifecycle events and waits for those being handled, so the store and driver can close after.</summary>
    public async Task StopAsync()
    {
        Volatile.Write(ref _stopping, true);
        _instanceEvents.CancelAll("the compute service is stopping");
        await _eventHandlers.WhenAll();
    }

    public async Task HandleLifecycleEventAsync(InstanceLifecycleEvent e, CancellationToken cancellationToken = default)
    {
        using var instanceLock = await locks.AcquireAsync(e.InstanceUuid, cancellationToken);
        var instance = await instances.TryGetAsync(e.InstanceUuid, cancellationToken: cancellationToken);
        if (instance is not null && instance.Host == options.Host)
        {
            await SyncInstancePowerStateAsync(instance, cancellationToken);
        }
    }

    /// <summary>
    /// The periodic safety net for lost events (Nova's _sync_power_states): every instance of this host
    /// without an operation in flight is checked against the hypervisor.
    /// </summary>
    public async Task SyncPowerStatesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var listed in await instances.ListAsync(options.Host, cancellationToken))
        {
            if (listed.TaskState is not null || listed.VmState is VmState.Building or VmState.Deleted)
            {
                continue;
            }
            try
            {
                using var instanceLock = await locks.AcquireAsync(listed.Uuid, cancellationToken);
                if (await instances.TryGetAsync(listed.Uuid, cancellationToken: cancellationToken) is { } instance)
                {
                    await SyncInstancePowerStateAsync(instance, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One guest the hypervisor cannot answer for must not leave every other one unchecked.
                LogBookkeepingFailed($"sync the power state of {listed.Uuid}", ex);
            }
        }
    }

    /// <summary>
    /// Makes the record agree with the hypervisor. A guest that stopped on its own makes the server
    /// SHUTOFF (as Nova's stop does); a guest that vanished makes it ERROR with a fault that says so,
    /// where Nova would try to stop what is not there.
    /// </summary>
    private async Task SyncInstancePowerStateAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.TaskState is not null || instance.VmState is VmState.Building or VmState.Error or VmState.Deleted)
        {
            return; // an operation in flight owns the state, or there is nothing to run
        }
        var hypervisorState = await ReadPowerStateAsync(instance, cancellationToken);
        var vmState = instance.VmState;
        if (vmState == VmState.Active && hypervisorState is PowerState.Shutdown or PowerState.Crashed)
        {
            LogStoppedOutsideKumo(instance.Uuid, hypervisorState.ToNovaName());
            vmState = VmState.Stopped;
        }
        else if (vmState is VmState.Active or VmState.Stopped && hypervisorState == PowerState.NoState)
        {
            LogGuestVanished(instance.Uuid);
            vmState = VmState.Error;
            await faults.AddAsync(new InstanceFault
            {
                InstanceUuid = instance.Uuid,
                Code = 500,
                Message = $"The guest of this server is gone from the hypervisor on {options.Host} (removed outside Kumo). Delete the server.",
                Host = options.Host,
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken);
        }
        if (hypervisorState == instance.PowerState && vmState == instance.VmState)
        {
            return;
        }
        instance.PowerState = hypervisorState;
        instance.VmState = vmState;
        try
        {
            await instances.SaveAsync(instance, [null], cancellationToken);
        }
        catch (UnexpectedTaskStateException)
        {
            // An operation started meanwhile (a delete): its outcome decides.
        }
    }

    private async Task<PowerState> ReadPowerStateAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            return (await driver.GetInfoAsync(instance, cancellationToken)).State;
        }
        catch (InstanceNotFoundException)
        {
            return PowerState.NoState;
        }
    }
}
