using Kumo.Compute.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Virt.Events;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

// Rescheduling (Nova's RescheduledException path of _do_build_and_run_instance): a build that failed
// here for a reason another host may not have goes back to the conductor with this host's error.
public sealed partial class ComputeManager
{
    /// <summary>Where a failed build goes back to for another host; none (a bare manager in tests): every failure is final.</summary>
    public ConductorRpcApi? Conductor { get; init; }

    /// <summary>
    /// Nova's split: the claim not fitting and an unexpected hypervisor error at spawn are this host's
    /// problem; the image, the flavor, a vif-plugged timeout that is fatal, a deleted instance or an
    /// operation's deadline are the same everywhere (Nova's BuildAbortException), as is any 4xx.
    /// </summary>
    internal static bool IsRetriableSpawnFailure(Exception ex) => ex switch
    {
        OperationCanceledException or InstanceNotFoundException or UnexpectedTaskStateException => false,
        VirtualInterfaceCreateException or InstanceEventsCancelledException or ImageDownloadFailedException => false,
        ImageUnacceptableException or ImageNotFoundException or InvalidRequestException => false,
        KumoException { Code: >= 400 and < 500 } => false,
        _ => true,
    };

    /// <summary>The cause as a reschedule when it is retriable and there is a conductor to send the build back to; else the cause itself.</summary>
    private Exception RescheduleOrFail(Instance instance, BuildRequest request, Exception cause) =>
        Conductor is not null && request.Spec is not null && IsRetriableSpawnFailure(cause)
            ? new RescheduledException(instance.Uuid, options.Host, cause)
            : cause;

    /// <summary>
    /// What this host held is already undone (the build's revert scope gave back the claim, the ports
    /// and the guest); the allocation goes too, the instance is unhosted and scheduling again, and the
    /// conductor gets the request with this attempt added. Returns false when a delete took the
    /// instance over (the build then ends as an aborted one would). A failure to hand the build over
    /// ends it in ERROR with a fault naming both errors.
    /// </summary>
    private async Task<bool> RescheduleAsync(RequestContext context, Instance instance, BuildRequest request, RescheduledException failure)
    {
        await Best(() => tracker.ReleaseAllocationsAsync(instance.Uuid, CancellationToken.None), "release the allocation of a build to reschedule");
        instance.Host = null;
        instance.Node = null;
        instance.VmState = VmState.Building;
        instance.TaskState = TaskState.Scheduling;
        try
        {
            await instances.SaveAsync(instance, TaskStates.AnyButDeleting);
        }
        catch (Exception ex) when (ex is UnexpectedTaskStateException or InstanceNotFoundException)
        {
            LogBuildAborted(instance.Uuid, "deleted before it could be rescheduled");
            return false;
        }
        var attempts = (IReadOnlyList<BuildAttempt>)[.. request.Attempts, new BuildAttempt(failure.Host, failure.Message) { Traceback = failure.InnerException?.ToString() }];
        LogRescheduling(instance.Uuid, failure.Host, attempts.Count, failure.Message);
        try
        {
            await Conductor!.RescheduleInstanceAsync(context, new RescheduleInstanceRequest(instance.Uuid, request with { Attempts = attempts, Limits = null }));
            return true;
        }
        catch (Exception ex)
        {
            await Best(() => faults.AddAsync(new Kumo.Objects.Faults.InstanceFault
            {
                InstanceUuid = instance.Uuid,
                Code = failure.Code,
                Message = $"Build failed on {failure.Host}: {failure.Message}; it could not be rescheduled: {ex.Message}",
                Details = failure.ToString(),
                Host = options.Host,
                CreatedAt = time.GetUtcNow(),
            }), "record the fault of a build that could not be rescheduled");
            await SetInstanceErrorStateAsync(instance);
            return false;
        }
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning, Message = "Build of instance {InstanceUuid} failed on {Host} (attempt {Attempt}), rescheduling: {Reason}")]
    private partial void LogRescheduling(Guid instanceUuid, string host, int attempt, string reason);
}
