using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} disappeared before its build started")]
    private partial void LogInstanceGoneBeforeBuild(Guid instanceUuid);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Build of instance {InstanceUuid} stopped: {Reason}")]
    private partial void LogBuildAborted(Guid instanceUuid, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Build of instance {InstanceUuid} failed: {Reason}")]
    private partial void LogBuildFailed(Guid instanceUuid, string reason, Exception ex);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Instance {InstanceUuid} failed to spawn")]
    private partial void LogSpawnFailed(Guid instanceUuid, Exception ex);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Undo of '{What}' failed for instance {InstanceUuid}; the resource may need manual cleanup")]
    private partial void LogUndoFailed(Guid instanceUuid, string what, Exception ex);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Could not {What}")]
    private partial void LogBookkeepingFailed(string what, Exception ex);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Instance {InstanceUuid} deleted")]
    private partial void LogInstanceDeleted(Guid instanceUuid);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} was {State} when the compute service started; set to ERROR")]
    private partial void LogInterruptedBuild(Guid instanceUuid, string state);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Compute service on {Host} started with driver {Driver}: {Vcpus} vcpus, {MemoryMb} MB, {DiskGb} GB")]
    private partial void LogHostStarted(string host, string driver, int vcpus, int memoryMb, int diskGb);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Took {Seconds:0.000} seconds to spawn instance {InstanceUuid} on the hypervisor")]
    private partial void LogInstanceSpawned(Guid instanceUuid, double seconds);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Took {Seconds:0.000} seconds to build instance {InstanceUuid}")]
    private partial void LogInstanceBuilt(Guid instanceUuid, double seconds);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} is {PowerState} on the hypervisor but active in Kumo: it stopped outside Kumo; setting it to stopped")]
    private partial void LogStoppedOutsideKumo(Guid instanceUuid, string powerState);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "The guest of instance {InstanceUuid} is gone from the hypervisor; setting it to ERROR")]
    private partial void LogGuestVanished(Guid instanceUuid);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} was being deleted when the compute service stopped; finishing the delete")]
    private partial void LogFinishingInterruptedDelete(Guid instanceUuid);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} is deleted but its guest is still on this host; reaping it")]
    private partial void LogReapingDeletedInstance(Guid instanceUuid);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} is gone; {Operation} has nothing to do")]
    private partial void LogInstanceGoneBeforeAction(Guid instanceUuid, string operation);
}
