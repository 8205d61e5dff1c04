using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Api;

// Server tags (Nova's server_tags, microversion 2.26): checked and written in one step against the stored record.
public sealed partial class ComputeApi
{
    /// <summary>Nova's MAX_TAGS_PER_INSTANCE.</summary>
    public const int MaxTags = 50;

    /// <summary>Applies <paramref name="change"/> to the server's tags; <paramref name="action"/> names it in a 409 ("update tags").</summary>
    public async Task<IReadOnlyList<string>> ChangeTagsAsync(RequestContext context, Guid instanceUuid, string action, Action<IList<string>> change,
        CancellationToken cancellationToken = default)
    {
        await GetAsync(context, instanceUuid, cancellationToken);
        var updated = await instances.UpdateUserFieldsAsync(instanceUuid, instance =>
        {
            // Nova's _check_instance_in_valid_state for tag changes.
            new InstanceStateCheck(action,
                [VmState.Active, VmState.Paused, VmState.Suspended, VmState.Stopped, VmState.Shelved, VmState.ShelvedOffloaded],
                InstanceStateCheck.NoTask).Ensure(instance);
            change(instance.Tags);
            if (instance.Tags.Count > MaxTags)
            {
                throw new InvalidRequestException($"The number of tags exceeded the per-server limit {MaxTags}");
            }
        }, cancellationToken);
        return [.. updated.Tags];
    }
}

public sealed class InstanceTagNotFoundException(Guid uuid, string tag) : KumoException($"Instance {uuid} has no tag '{tag}'")
{
    public override int Code => 404;
}
