using Kumo.Common.Reverting;
using Kumo.Compute.Deadlines;
using Kumo.Compute.Events;
using Kumo.Compute.Locking;
using Kumo.Compute.Notifications;
using Kumo.Compute.Resources;
using Kumo.Compute.Rpc;
using Kumo.Compute.Timeline;
using Kumo.Compute.Wrappers;
using Kumo.Db.Stores;
using Kumo.Image;
using Kumo.Network.Api;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt;
using Kumo.Virt.Events;
using Kumo.Virt.Progress;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

/// <summary>
/// The compute service of one host: the seed's build flow, read top to bottom as
/// BuildAndRunInstance → RunInstance → BuildInstance (claim, AllocateNetwork, Spawn).
/// </summary>
public sealed partial class ComputeManager(
    ComputeOptions options,
    IVirtDriver driver,
    IInstanceStore instances,
    IImageService images,
    INetworkApi network,
    ResourceTracker tracker,
    InstanceLocks locks,
    OperationWrappers wrap,
    InstanceNotifier notifier,
    IInstanceActionStore actions,
    IInstanceFaultStore faults,
    IInstanceInfoCacheStore? infoCaches,
    IInstanceExternalEventStore? receivedEvents,
    TimeProvider time,
    ILogger<ComputeManager> logger)
{
    public const string BuildEvent = "compute_build_and_run_instance";

    private readonly SemaphoreSlim _buildSlots = new(options.MaxConcurrentBuilds, options.MaxConcurrentBuilds);

    public string Host => options.Host;

    public IVirtDriver Driver => driver;

    public ResourceTracker Tracker => tracker;

    /// <summary>
    /// The RPC entry point of a build (Nova's build_and_run_instance / run_instance). At most
    /// max_concurrent_builds run at once; each holds its instance's lock.
    /// </summary>
    public async Task BuildAndRunInstanceAsync(RequestContext context, Guid instanceUuid, BuildRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = ComputeTelemetry.Start("build_and_run_instance", instanceUuid);
        // The lock first, then the slot (Nova's _locked_do_build_and_run_instance takes the semaphore
        // inside the lock): a build waiting for another operation on its instance holds no slot.
        using var instanceLock = await locks.AcquireAsync(instanceUuid, cancellationToken);
        await _buildSlots.WaitAsync(cancellationToken);
        var handedBack = false;
        var timeline = new BuildTimeline(Host, time);
        try
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId, ["InstanceUuid"] = instanceUuid });
            var instance = await instances.TryGetAsync(instanceUuid, cancellationToken: cancellationToken);
            if (instance is null)
            {
                LogInstanceGoneBeforeBuild(instanceUuid);
                await Best(() => tracker.ReleaseAllocationsAsync(instanceUuid, CancellationToken.None), "release the allocation of a deleted instance");
                return;
            }
            using var deadline = new OperationDeadline("build", nameof(OperationDeadlines.Build), options.Deadlines.Build, time, cancellationToken,
                options.Deadlines.AbandonGrace);
            Operation run = () => RunUnderDeadlineAsync(deadline, instance, "build", (working, ct) => RunInstanceAsync(context, working, request, timeline, ct));
            try
            {
                await run.With(
                    wrap.WrapException(context, instance, "create.error"),
                    wrap.RevertsTaskState(context, instance),
                    wrap.WrapInstanceEvent(context, instance, BuildEvent, timeline.Completed),
                    wrap.WrapInstanceFault(context, instance))();
            }
            catch (BuildAbortedException ex)
            {
                LogBuildAborted(instanceUuid, ex.Message);
            }
            catch (RescheduledException ex)
            {
                // The attempt's event says what failed here; the conductor finishes the action.
                handedBack = await RescheduleAsync(context, instance, request, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // ERROR becomes visible only now, after the wrappers recorded the fault and the event,
                // so a client that sees ERROR always finds the fault that explains it.
                LogBuildFailed(instanceUuid, ex.Message, ex);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                // What the scheduler allocated goes back before ERROR is visible.
                await Best(() => tracker.ReleaseAllocationsAsync(instanceUuid, CancellationToken.None), "release the allocation of a failed build");
                if (deadline.Abandoned)
                {
                    await UndoAbandonedBuildAsync(context, instance);
                }
                await SetInstanceErrorStateAsync(instance);
            }
        }
        finally
        {
            _buildSlots.Release();
            if (!handedBack)
            {
                await Best(() => actions.FinishActionAsync(instanceUuid, context.RequestId), "finish the create action");
            }
        }
    }

    /// <summary>The prebuild check, create.start, the build, then create.end (the seed's order: an aborted build sends nothing). A failure propagates; the caller sets ERROR.</summary>
    private async Task RunInstanceAsync(RequestContext context, Instance instance, BuildRequest request, BuildTimeline timeline, CancellationToken cancellationToken)
    {
        PrebuildInstance(instance);
        var image = await images.GetAsync(instance.ImageRef, cancellationToken);
        await notifier.NotifyAsync(context, instance, "create.start", new() { ["image_name"] = image.Name }, cancellationToken: cancellationToken);
        var started = time.GetTimestamp();
        NetworkInfo networkInfo;
        try
        {
            networkInfo = await BuildInstanceAsync(context, instance, image, request, timeline, cancellationToken);
        }
        catch (Exception ex) when (ex is UnexpectedDeletingTaskStateException or InstanceEventsCancelledException { Deleted: true })
        {
            // Deleted while building (or while waiting for its ports): the delete that is waiting on
            // our lock finishes the job.
            throw new BuildAbortedException(instance.Uuid, "the instance was deleted during the build");
        }
        catch (InstanceNotFoundException ex)
        {
            // The record itself is gone (Nova's "Instance disappeared during build"): the build's undo
            // has already run; there is no one left to tell about an error. A guest missing from the
            // hypervisor also reads as not found; that one stays a failure.
            if (await instances.TryGetAsync(instance.Uuid, cancellationToken: CancellationToken.None) is not null)
            {
                throw;
            }
            throw new BuildAbortedException(instance.Uuid, "the instance record was deleted during the build: " + ex.Message);
        }
        LogInstanceBuilt(instance.Uuid, time.GetElapsedTime(started).TotalSeconds);
        await notifier.NotifyAsync(context, instance, "create.end", InstanceNotifier.NetworkInfoPayload(networkInfo), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The instance must still be waiting for this build (building/scheduling): a delete that won the
    /// lock race, even one that failed and left ERROR, stops the build cleanly instead of claiming.
    /// The record was read under the instance lock just before; a delete that lands after that read
    /// is caught by the first compare-and-set save (expecting scheduling), so no second read is needed.
    /// </summary>
    private static void PrebuildInstance(Instance instance)
    {
        if (instance.VmState != VmState.Building || instance.TaskState != TaskState.Scheduling)
        {
            throw new BuildAbortedException(instance.Uuid,
                $"the instance is {instance.VmState.ToNovaName()}/{instance.TaskState.ToNovaName() ?? "none"}, no longer waiting for its build");
        }
    }

    /// <summary>Claim, network, spawn. Every side effect registers its undo; a failure undoes them all.</summary>
    private async Task<NetworkInfo> BuildInstanceAsync(RequestContext context, Instance instance, ImageMeta image, BuildRequest request, BuildTimeline timeline,
        CancellationToken cancellationToken)
    {
        await using var revert = new RevertScope((what, ex) => LogUndoFailed(instance.Uuid, what, ex));

        InstanceClaim claim;
        using (ComputeTelemetry.Start("instance_claim", instance.Uuid))
        {
            try
            {
                claim = await timeline.StepAsync(BuildSteps.Claim, () => tracker.InstanceClaimAsync(instance, request.Limits, cancellationToken));
            }
            catch (ComputeResourcesUnavailableException ex)
            {
                throw RescheduleOrFail(instance, request, ex);
            }
        }
        revert.Add("abort the resource claim", claim.AbortAsync);

        instance.TaskState = TaskState.Networking;
        await instances.SaveAsync(instance, [TaskState.Scheduling], cancellationToken);

        var networkInfo = await timeline.StepAsync(BuildSteps.AllocateNetwork, () => AllocateNetworkAsync(context, instance, request, cancellationToken));
        revert.Add("deallocate the network", () => DeallocateNetworkAsync(context, instance, CancellationToken.None));
        await SaveInfoCacheAsync(instance.Uuid, networkInfo, cancellationToken);

        instance.TaskState = TaskState.BlockDeviceMapping;
        await instances.SaveAsync(instance, [TaskState.Networking], cancellationToken);

        revert.Add("destroy the guest", () => driver.DestroyAsync(instance, networkInfo, destroyDisks: true, CancellationToken.None));
        try
        {
            await SpawnAsync(instance, image, networkInfo, request, timeline, cancellationToken);
        }
        catch (Exception ex) when (RescheduleOrFail(instance, request, ex) is RescheduledException rescheduled)
        {
            throw rescheduled;
        }

        revert.Commit();
        return networkInfo;
    }

    private async Task<NetworkInfo> AllocateNetworkAsync(RequestContext context, Instance instance, BuildRequest request, CancellationToken cancellationToken)
    {
        using var activity = ComputeTelemetry.Start("allocate_network", instance.Uuid);
        return await NetworkCallDeadline.RunAsync("allocate_for_instance: create and bind the ports", nameof(OperationDeadlines.AllocateNetwork),
            options.Deadlines.AllocateNetwork, time, ct => network.AllocateForInstanceAsync(context, instance, request.RequestedNetworks, ct), cancellationToken);
    }

    /// <summary>building/spawning (compare-and-set from block_device_mapping), driver spawn, then active.</summary>
    private async Task SpawnAsync(Instance instance, ImageMeta image, NetworkInfo networkInfo, BuildRequest request, BuildTimeline timeline, CancellationToken cancellationToken)
    {
        instance.VmState = VmState.Building;
        instance.TaskState = TaskState.Spawning;
        // Nova's configdrive.update_instance: a drive the host forces shows as config_drive "True".
        instance.ConfigDrive = driver.RequiresConfigDrive(instance);
        await instances.SaveAsync(instance, [TaskState.BlockDeviceMapping], cancellationToken);
        var started = time.GetTimestamp();
        using var activity = ComputeTelemetry.Start("spawn", instance.Uuid);
        try
        {
            await timeline.StepAsync(BuildSteps.Spawn, () => driver.SpawnAsync(new SpawnRequest(instance, image, networkInfo, request.AdminPassword)
                { InjectedFiles = request.InjectedFiles, VirtApi = VirtApi, Timeline = timeline }, cancellationToken));
            LogInstanceSpawned(instance.Uuid, time.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception ex)
        {
            LogSpawnFailed(instance.Uuid, ex);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
        var info = await driver.GetInfoAsync(instance, cancellationToken);
        instance.PowerState = info.State;
        instance.VmState = VmState.Active;
        instance.TaskState = null;
        instance.LaunchedAt = time.GetUtcNow();
        await instances.SaveAsync(instance, [TaskState.Spawning], cancellationToken);
    }

    /// <summary>
    /// ERROR, unless a delete has claimed the instance meanwhile (then the delete's outcome stands).
    /// Expects "anything but deleting" rather than the state last set in memory: a failed save may
    /// never have written that state, and the instance must not stay BUILDING because of it. A
    /// failed delete passes [deleting] itself: its own row is deleting, and it must end in ERROR so the
    /// user can delete again (Nova's terminate_instance).
    /// </summary>
    private async Task SetInstanceErrorStateAsync(Instance instance, IReadOnlyCollection<TaskState?>? expected = null)
    {
        instance.VmState = VmState.Error;
        instance.TaskState = null;
        try
        {
            await instances.SaveAsync(instance, expected ?? TaskStates.AnyButDeleting);
        }
        catch (UnexpectedTaskStateException ex)
        {
            LogBookkeepingFailed("set the instance to ERROR: a delete took it over", ex);
        }
        catch (Exception ex)
        {
            LogBookkeepingFailed("set the instance to ERROR", ex);
        }
    }

    /// <summary>Where an operation stood when its deadline passed: the task state it had written last.</summary>
    private static string StepOf(Instance instance) => $"task state {instance.TaskState.ToNovaName() ?? "none"}";

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
}
