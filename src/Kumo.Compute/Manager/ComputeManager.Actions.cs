using Kumo.Compute.Deadlines;
using Kumo.Compute.Wrappers;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

// What every server action on the host shares: the instance lock, the wrappers, the action's finish.
public sealed partial class ComputeManager
{
    /// <summary>
    /// One action on one instance under its lock, with the wrappers in Nova's order: wrap_exception
    /// (→ &lt;<paramref name="notification"/>&gt;.error), reverts_task_state, wrap_instance_event,
    /// wrap_instance_fault. The action of the request is finished whatever happens. The deadline
    /// counts from when the lock is held; the body gets its token and its own copy of the instance, and
    /// is abandoned at the deadline if it ignores the token (ComputeManager.Abandoned.cs).
    /// </summary>
    private async Task RunActionAsync(RequestContext context, Guid instanceUuid, string operation, string eventName, string notification,
        (string Name, TimeSpan Limit) deadlineSetting, Func<Instance, CancellationToken, Task> body, CancellationToken cancellationToken,
        Func<Instance, Task>? afterFailure = null)
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
            var name = operation.Replace("_instance", "", StringComparison.Ordinal);
            using var deadline = new OperationDeadline(name, deadlineSetting.Name, deadlineSetting.Limit, time, cancellationToken,
                options.Deadlines.AbandonGrace);
            Operation run = () => RunUnderDeadlineAsync(deadline, instance, name, body);
            try
            {
                await run.With(
                    wrap.WrapException(context, instance, notification + ".error"),
                    wrap.RevertsTaskState(context, instance),
                    wrap.WrapInstanceEvent(context, instance, eventName),
                    wrap.WrapInstanceFault(context, instance))();
            }
            catch (Exception) when (afterFailure is not null && !cancellationToken.IsCancellationRequested)
            {
                // After the wrappers, so a state such as ERROR is written only once its fault is recorded.
                await afterFailure(instance);
                throw;
            }
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
