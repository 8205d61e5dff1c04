using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Quotas;

namespace Kumo.Compute.Api;

// Server metadata (Nova's update_instance_metadata / delete_instance_metadata): checked and written in
// one step against the stored record, so two clients editing keys at once both keep their keys.
public sealed partial class ComputeApi
{
    /// <summary>Nova's default metadata_items quota.</summary>
    public const int MaxMetadataItems = 128;

    /// <summary>Merges <paramref name="items"/> into the metadata, or replaces it all when <paramref name="replace"/>. Returns the result.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UpdateMetadataAsync(RequestContext context, Guid instanceUuid,
        IReadOnlyDictionary<string, string> items, bool replace, CancellationToken cancellationToken = default)
    {
        await GetAsync(context, instanceUuid, cancellationToken);
        var updated = await instances.UpdateUserFieldsAsync(instanceUuid, instance =>
        {
            InstanceStateCheck.UpdateMetadata.Ensure(instance);
            var merged = replace ? new Dictionary<string, string>() : new Dictionary<string, string>(instance.Metadata);
            foreach (var (key, value) in items)
            {
                merged[key] = value;
            }
            if (merged.Count > MaxMetadataItems)
            {
                throw new MetadataLimitExceededException(MaxMetadataItems);
            }
            instance.Metadata.Clear();
            foreach (var (key, value) in merged)
            {
                instance.Metadata[key] = value;
            }
        }, cancellationToken);
        return new Dictionary<string, string>(updated.Metadata);
    }

    /// <summary>
    /// Nova's _check_metadata_properties_quota at create: more items than the project's metadata_items
    /// quota (-1: unlimited) is 403 "Maximum number of metadata items exceeds N", before anything is written.
    /// </summary>
    private async Task EnsureMetadataWithinQuotaAsync(RequestContext context, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return;
        }
        var allowed = quotas is null ? MaxMetadataItems : (await quotas.GetProjectLimitsAsync(context.ProjectId, cancellationToken))[QuotaResources.MetadataItems];
        if (allowed >= 0 && metadata.Count > allowed)
        {
            throw new MetadataLimitExceededException(allowed);
        }
    }

    /// <summary>Removes one key; a key that is not there is 404.</summary>
    public async Task DeleteMetadataItemAsync(RequestContext context, Guid instanceUuid, string key, CancellationToken cancellationToken = default)
    {
        await GetAsync(context, instanceUuid, cancellationToken);
        await instances.UpdateUserFieldsAsync(instanceUuid, instance =>
        {
            if (!instance.Metadata.ContainsKey(key))
            {
                throw new MetadataItemNotFoundException();
            }
            InstanceStateCheck.DeleteMetadata.Ensure(instance);
            instance.Metadata.Remove(key);
        }, cancellationToken);
    }
}

public sealed class MetadataLimitExceededException(int allowed) : KumoException($"Maximum number of metadata items exceeds {allowed}")
{
    public override int Code => 403;
}

public sealed class MetadataItemNotFoundException() : KumoException("Metadata item was not found")
{
    public override int Code => 404;
}
