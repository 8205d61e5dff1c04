using System.Text.Json.Nodes;
using Kumo.Compute.Notifications;
using Kumo.Db.Stores;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Kumo.Objects.Notifications;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Wrappers;

/// <summary>
/// The seed's decorators as explicit wrappers: wrap_exception, reverts_task_state,
/// wrap_instance_event and wrap_instance_fault. Each does its one thing and rethrows.
/// </summary>
public sealed partial class OperationWrappers(
    IInstanceStore instances,
    IInstanceActionStore actions,
    IInstanceFaultStore faults,
    InstanceNotifier notifier,
    ComputeOptions options,
    TimeProvider time,
    ILogger<OperationWrappers> logger)
{
    /// <summary>An escaping exception becomes an error notification (<paramref name="errorEvent"/>, e.g. "create.error"); each attempt of a rescheduled build has its own start and error.</summary>
    public OperationWrapper WrapException(RequestContext context, Instance instance, string errorEvent) => next => async () =>
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (ex is not BuildAbortedException)
        {
            var extra = new JsonObject { ["message"] = ex.Message, ["exception"] = ex.GetType().Name, ["code"] = CodeOf(ex) };
            await Best(() => notifier.NotifyAsync(context, instance, errorEvent, extra, NotificationPriority.Error), "send " + errorEvent);
            throw;
        }
    };

    /// <summary>
    /// On failure the task state goes back to none. Unlike Nova's, the revert is itself a
    /// compare-and-set that never overwrites deleting: a delete that claimed the instance meanwhile wins.
    /// </summary>
    public OperationWrapper RevertsTaskState(RequestContext context, Instance instance) => next => async () =>
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (ex is not UnexpectedTaskStateException and not BuildAbortedException and not RescheduledException)
        {
            if (instance.TaskState is not null)
            {
                instance.TaskState = null;
                await Best(() => instances.SaveAsync(instance, TaskStates.AnyButDeleting), "revert task state");
            }
            throw;
        }
    };

    /// <summary>Records the call as an event of the request's action, with start, finish and result.</summary>
    public OperationWrapper WrapInstanceEvent(RequestContext context, Instance instance, string eventName,
        Func<IReadOnlyList<InstanceActionEvent>>? steps = null) => next => async () =>
    {
        await actions.StartEventAsync(instance.Uuid, context.RequestId, eventName, options.Host);
        try
        {
            await next();
        }
        catch (Exception ex)
        {
            await Best(() => FinishEventAsync(context, instance, eventName, ActionNames.ResultError, ex, steps), "finish event");
            throw;
        }
        // The operation succeeded: a bookkeeping failure now must not turn it into an error.
        await Best(() => FinishEventAsync(context, instance, eventName, ActionNames.ResultSuccess, null, steps), "finish event");
    };

    /// <summary>
    /// The event's finish; an operation's own steps (a build's timeline) are written in the same write,
    /// so a client that sees the event finished finds every step with it.
    /// </summary>
    private Task FinishEventAsync(RequestContext context, Instance instance, string eventName, string result, Exception? ex,
        Func<IReadOnlyList<InstanceActionEvent>>? steps) =>
        steps is null
            ? actions.FinishEventAsync(instance.Uuid, context.RequestId, eventName, result, ex?.ToString(), ex?.Message)
            : actions.FinishEventAsync(instance.Uuid, context.RequestId, eventName, result, ex?.ToString(), ex?.Message, steps());

    /// <summary>Records an instance fault (code, message, full details) for any failure but a vanished instance or a build going to another host (its fault comes if every host fails).</summary>
    public OperationWrapper WrapInstanceFault(RequestContext context, Instance instance) => next => async () =>
    {
        try
        {
            await next();
        }
        catch (Exception ex) when (ex is not InstanceNotFoundException and not BuildAbortedException and not RescheduledException)
        {
            var fault = new InstanceFault
            {
                InstanceUuid = instance.Uuid,
                Code = CodeOf(ex),
                Message = ex.Message,
                Details = ex.ToString(),
                Host = options.Host,
                CreatedAt = time.GetUtcNow(),
            };
            await Best(() => faults.AddAsync(fault), "record fault");
            throw;
        }
    };

    private static int CodeOf(Exception ex) => ex is KumoException k ? k.Code : 500;

    // Bookkeeping must never hide the error that caused it: failures here are logged, not thrown.
    private async Task Best(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            LogBookkeepingFailed(what, ex);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Could not {What} after a failed operation")]
    private partial void LogBookkeepingFailed(string what, Exception ex);
}
