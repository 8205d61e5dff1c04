using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Errors;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Microsoft.Extensions.Logging;

namespace Kumo.Conductor;

/// <summary>
/// At the start of the all-in-one (`kumo serve`), before the API takes requests: builds that never
/// reached a host were messages on the in-process bus, which died with the previous process, so
/// nobody will ever build them. Each ends in ERROR with a fault that says so, and what the scheduler
/// allocated goes back. (Builds that reached a host are the compute host's init_host's to settle.)
/// Nova keeps such a server in BUILD until someone deletes it.
/// </summary>
public sealed partial class LostBuilds(
    IInstanceStore instances,
    IInstanceFaultStore faults,
    IPlacementStore placement,
    TimeProvider time,
    ILogger<LostBuilds> logger)
{
    public async Task<int> SettleAsync(CancellationToken cancellationToken = default)
    {
        var settled = 0;
        foreach (var instance in await instances.ListAsync(host: null, cancellationToken))
        {
            if (instance.VmState != VmState.Building || instance.Host is not null || instance.TaskState == TaskState.Deleting)
            {
                continue;
            }
            var found = instance.TaskState;
            await faults.AddAsync(new InstanceFault
            {
                InstanceUuid = instance.Uuid,
                Code = 500,
                Message = $"The service restarted before the build was given to a compute host (task state {found.ToNovaName() ?? "none"}); "
                    + "nothing was created for it. Delete the server and create it again.",
                CreatedAt = time.GetUtcNow(),
            }, cancellationToken);
            await placement.ReleaseAsync(instance.Uuid, cancellationToken);
            instance.VmState = VmState.Error;
            instance.TaskState = null;
            try
            {
                await instances.SaveAsync(instance, [found], cancellationToken);
                LogSettled(instance.Uuid);
                settled++;
            }
            catch (Exception ex) when (ex is UnexpectedTaskStateException or InstanceNotFoundException)
            {
                // Changed meanwhile: whoever changed it owns it.
            }
        }
        return settled;
    }

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} was waiting for a host when the service stopped; set to ERROR")]
    private partial void LogSettled(Guid instanceUuid);
}
