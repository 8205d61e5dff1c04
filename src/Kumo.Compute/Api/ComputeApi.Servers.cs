using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Api;

// Reading and editing servers: project scoping, listing, update, multiple create.
public sealed partial class ComputeApi
{
    /// <summary>
    /// Creates <paramref name="count"/> servers sharing one reservation id, named "name-1", "name-2" ...
    /// when more than one (Nova's multi_instance_display_name_template). Bad input fails on the first,
    /// before anything is created.
    /// </summary>
    public async Task<IReadOnlyList<Instance>> CreateManyAsync(RequestContext context, CreateServerRequest request, int count, CancellationToken cancellationToken = default)
    {
        var reservationId = NewReservationId();
        var created = new List<Instance>(count);
        for (var index = 0; index < count; index++)
        {
            var name = count == 1 ? request.Name : $"{request.Name}-{index + 1}";
            created.Add(await CreateAsync(context, request with { Name = name, ReservationId = reservationId, LaunchIndex = index }, cancellationToken));
        }
        return created;
    }

    /// <summary>The server as the caller may see it: another project's server is "not found" (404), as in Nova.</summary>
    public async Task<Instance> GetAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var instance = await instances.TryGetAsync(instanceUuid, cancellationToken: cancellationToken);
        if (instance is null || !context.IsAdmin && instance.ProjectId != context.ProjectId)
        {
            throw new InstanceNotFoundException(instanceUuid);
        }
        return instance;
    }

    /// <summary>A page of servers; a caller who is not admin only ever sees their own project's.</summary>
    public Task<IReadOnlyList<Instance>> ListAsync(RequestContext context, InstanceFilter filter, CancellationToken cancellationToken = default)
    {
        if (!context.IsAdmin)
        {
            filter = filter with { ProjectId = context.ProjectId, Host = null };
        }
        return instances.ListAsync(filter, cancellationToken);
    }

    /// <summary>PUT /servers/{id}: name, description and access IPs, in any state (Nova's update has no state check).</summary>
    public async Task<Instance> UpdateAsync(RequestContext context, Guid instanceUuid, ServerUpdate update, CancellationToken cancellationToken = default)
    {
        await GetAsync(context, instanceUuid, cancellationToken);
        return await instances.UpdateUserFieldsAsync(instanceUuid, instance =>
        {
            instance.DisplayName = update.Name ?? instance.DisplayName;
            instance.AccessIpV4 = update.AccessIpV4 ?? instance.AccessIpV4;
            instance.AccessIpV6 = update.AccessIpV6 ?? instance.AccessIpV6;
            if (update.SetDescription)
            {
                instance.Description = update.Description;
            }
        }, cancellationToken);
    }

    private static string NewReservationId() => "r-" + Guid.NewGuid().ToString("N")[..8];
}

/// <summary>What PUT /servers/{id} changes; null members stay as they are.</summary>
public sealed record ServerUpdate(string? Name = null, string? AccessIpV4 = null, string? AccessIpV6 = null)
{
    /// <summary>True when the request names a description (which may be null, clearing it).</summary>
    public bool SetDescription { get; init; }

    public string? Description { get; init; }
}
