using Kumo.Compute.Rpc;
using Kumo.Compute.Wrappers;
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
        RunActionAsync(context, instanceUuid, "stop_instance", StopEvent, "power_off", async instance =>
        {
            await notifier.NotifyAsync(context, instance, "power_off.start", cancellationToken: cancellationToken);
            var timeout = request.CleanShutdown ? options.ShutdownTimeout : TimeSpan.Zero;
            await driver.PowerOffAsync(instance, timeout, cancellationToken);
            instance.PowerState = await GetPowerStateAsync(instance, cancellationToken);
            instance.VmState = VmState.Stopped;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [TaskState.PoweringOff], cancellationToken);
            await notifier.NotifyAsync(context, instance, "power_off.end", cancellationToken: cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// One action on one instance under its lock, with the wrappers in Nova's order: wrap_exception
    /// (→ &lt;<paramref name="notification"/>&gt;.error), reverts_task_state, wrap_instance_event,
    /// wrap_instance_fault. The action of the request is finished whatever happens.
    /// </summary>
    private async Task RunActionAsync(RequestContext context, Guid instanceUuid, string operation, string eventName, string notification,
        Func<Instance, Task> body, CancellationToken cancellationToken)
    {
        using var activity = ComputeTelemetry.Start(operation, instanceUuid);
        using var instanceLock = await locks.AcquireAsync(instanceUuid, cancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId, ["InstanceUuid"] = instanceUuid });
        try
        {
            var instance = await instances.TryGetAsync(instanceUuid, cancellationToken: cancellationToken);
            if (instance is null)
            {
                LogInstanceGoneBeforeAction(instanceUuid, operation);
                return;
            }
            Operation run = () => body(instance);
            await run.With(
                wrap.WrapException(context, instance, notification + ".error"),
                wrap.RevertsTaskState(context, instance),
                wrap.WrapInstanceEvent(context, instance, eventName),
                wrap.WrapInstanceFault(context, instance))();
        }
        finally
        {
            await Best(() => actions.FinishActionAsync(instanceUuid, context.RequestId), $"finish the {operation} action");
        }
    }

    /// <summary>The hypervisor's view; a guest that is gone reads as no state (Nova's _get_power_state).</summary>
    private async Task<PowerState> GetPowerStateAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            return (await driver.GetInfoAsync(instance, cancellationToken)).State;
        }
        catch (Kumo.Objects.Errors.InstanceNotFoundException)
        {
            return PowerState.NoState;
        }
    }
}
