using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;

namespace Kumo.Conductor;

/// <summary>
/// What an instance that could not be scheduled is left with (Nova's _bury_in_cell0): nothing
/// allocated, a fault with the scheduler's reason, the event finished as an error, then ERROR and
/// the action's finish. ERROR comes last so a client that sees it always finds the fault.
/// </summary>
public sealed class SchedulingFailures(
    IInstanceStore instances,
    IInstanceActionStore actions,
    IInstanceFaultStore faults,
    IPlacementStore placement,
    TimeProvider time)
{
    /// <param name="details">The fault's details when the error's own stack is not what explains it (a reschedule's attempts).</param>
    public async Task BuryAsync(RequestContext context, Guid instanceUuid, string eventName, Exception error, CancellationToken cancellationToken,
        string? details = null)
    {
        var (code, message) = Explain(error);
        await placement.ReleaseAsync(instanceUuid, cancellationToken);
        await faults.AddAsync(new InstanceFault
        {
            InstanceUuid = instanceUuid,
            Code = code,
            Message = message,
            Details = details ?? error.ToString(),
            CreatedAt = time.GetUtcNow(),
        }, cancellationToken);
        await actions.FinishEventAsync(instanceUuid, context.RequestId, eventName, ActionNames.ResultError, error.ToString(), message, cancellationToken);
        try
        {
            // A delete that came meanwhile owns the instance now; its outcome stands.
            var instance = await instances.GetAsync(instanceUuid, cancellationToken: cancellationToken);
            instance.VmState = VmState.Error;
            instance.TaskState = null;
            await instances.SaveAsync(instance, [TaskState.Scheduling], cancellationToken);
        }
        catch (Exception ex) when (ex is InstanceNotFoundException or UnexpectedTaskStateException)
        {
        }
        await actions.FinishActionAsync(instanceUuid, context.RequestId, cancellationToken);
    }

    /// <summary>The scheduler's own words (the NoValidHost text names hosts and filters), not the bus's wrapper around them.</summary>
    private static (int Code, string Message) Explain(Exception error) => error switch
    {
        RemoteErrorException remote => (remote.Code, remote.RemoteMessage),
        MessagingTimeoutException timeout => (timeout.Code, $"The scheduler did not answer: {timeout.Message}"),
        KumoException kumo => (kumo.Code, kumo.Message),
        _ => (500, error.Message),
    };
}
