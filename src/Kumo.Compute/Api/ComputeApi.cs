using Kumo.Compute.Rpc;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Image;
using Kumo.Network.Api;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Scheduler;
using Kumo.Scheduler.Filters;

namespace Kumo.Compute.Api;

/// <summary>
/// The API side of compute (Nova's compute/api.py): validates a request completely before anything is
/// written, records the instance and its action, and casts to the conductor, which schedules and
/// casts to the chosen host. It never calls the scheduler: placement is the conductor's business.
/// </summary>
public sealed partial class ComputeApi(
    IInstanceStore instances,
    IFlavorStore flavors,
    IImageService images,
    IInstanceActionStore actions,
    IPlacementStore placement,
    INetworkApi network,
    ConductorRpcApi conductor,
    ComputeRpcApi computeRpc,
    TimeProvider time,
    IQuotaStore? quotas = null,
    IFlavorAccessStore? flavorAccess = null)
{
    private readonly ProviderInventories _providers = new(placement);

    /// <summary>
    /// Creates a server. Bad input (unknown flavor or image, an image that cannot boot, a flavor no
    /// host can ever hold, a network request that cannot be met) throws a 400-class error and creates nothing.
    /// </summary>
    public async Task<Instance> CreateAsync(RequestContext context, CreateServerRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 255)
        {
            throw new InvalidRequestException("Server name must be 1 to 255 characters.");
        }
        await EnsureMetadataWithinQuotaAsync(context, request.Metadata, cancellationToken);
        await EnsureInjectedFilesWithinQuotaAsync(context, request.InjectedFiles, cancellationToken);
        var flavor = await GetFlavorAsync(context, request.FlavorId, cancellationToken);
        await EnsureImageVisibleAsync(context, request.ImageId, cancellationToken);
        var image = await GetBootableImageAsync(request.ImageId, flavor, cancellationToken);
        // Nova checks the network request before anything exists: its errors are the API's 400/409.
        IReadOnlyList<string> securityGroups = request.SecurityGroups is { Count: > 0 } named ? named : ["default"];
        await network.ValidateNetworksAsync(context, request.Networks, cancellationToken);
        await network.ValidateSecurityGroupsAsync(context, securityGroups, cancellationToken);
        await EnsureSomeHostCanHoldAsync(flavor, cancellationToken);

        var now = time.GetUtcNow();
        var instance = new Instance
        {
            Uuid = Guid.NewGuid(),
            DisplayName = request.Name,
            Hostname = HostnameFrom(request.Name),
            ProjectId = context.ProjectId,
            UserId = context.UserId,
            Flavor = flavor,
            ImageRef = image.Id,
            CreatedAt = now,
            UpdatedAt = now,
            KeyName = request.KeyName,
            Metadata = new Dictionary<string, string>(request.Metadata ?? new Dictionary<string, string>()),
            ReservationId = request.ReservationId ?? NewReservationId(),
            LaunchIndex = request.LaunchIndex,
            Description = request.Description,
            UserData = request.UserData,
            KeyData = request.KeyData,
            ConfigDrive = request.ConfigDrive,
            InjectedFilePaths = [.. request.InjectedFiles.Select(f => f.Path)],
            AvailabilityZone = request.AvailabilityZone,
            AccessIpV4 = request.AccessIpV4,
            AccessIpV6 = request.AccessIpV6,
            KernelId = image.KernelId?.ToString(),
            RamdiskId = image.RamdiskId?.ToString(),
            SecurityGroups = [.. securityGroups],
        };
        await CreateWithinQuotaAsync(context, instance, cancellationToken);
        await actions.StartActionAsync(instance.Uuid, ActionNames.Create, context.RequestId, context.UserId, context.ProjectId, cancellationToken);
        var spec = new RequestSpec(context.ProjectId, flavor, image.Properties, request.AvailabilityZone);
        await conductor.ScheduleAndBuildInstancesAsync(context,
            new ScheduleAndBuildInstancesRequest([instance.Uuid], spec, request.Networks, request.AdminPassword) { InjectedFiles = request.InjectedFiles }, cancellationToken);
        return instance;
    }

    /// <summary>
    /// Quota admission (instances, cores, ram) counted and recorded in one transaction with the usage,
    /// so concurrent creates never pass the limit together; over quota is Nova's 403 and nothing is
    /// written. An instance insert that fails gives its admission back.
    /// </summary>
    private async Task CreateWithinQuotaAsync(RequestContext context, Instance instance, CancellationToken cancellationToken)
    {
        if (quotas is null)
        {
            await instances.CreateAsync(instance, cancellationToken);
            return;
        }
        await quotas.AdmitAsync(new QuotaAdmission(context.ProjectId, context.UserId, [instance.Uuid], instance.Vcpus, instance.MemoryMb), cancellationToken);
        try
        {
            await instances.CreateAsync(instance, cancellationToken);
        }
        catch
        {
            await quotas.ReleaseAsync(instance.Uuid, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// A flavor no compute node could hold even empty is the request's fault (400), found before
    /// anything is written. Read from the resource providers in the store with the scheduler's own
    /// filter rather than asked of the scheduler: it is a property of the inventories, not a
    /// placement decision, and the API answers without waiting on a call across the bus. With no
    /// provider at all there is nothing to compare with; the conductor's fault then says so.
    /// </summary>
    private async Task EnsureSomeHostCanHoldAsync(Flavor flavor, CancellationToken cancellationToken)
    {
        var providers = await _providers.CurrentAsync(cancellationToken);
        var requested = ResourceClasses.FromFlavor(flavor);
        var rejections = new List<HostRejection>(providers.Count);
        foreach (var provider in providers)
        {
            if (ResourceFilter.Check(provider, requested, ignoreUsage: true) is not { } reason)
            {
                return;
            }
            rejections.Add(new HostRejection(provider.Host, ResourceFilter.FilterName, reason));
        }
        if (rejections.Count > 0)
        {
            throw new NoValidHostException(rejections, neverFits: true);
        }
    }

    /// <summary>
    /// Deletes a server: marks it deleting (a compare-and-set, so a build in flight sees it) and casts
    /// terminate to its host. A server that never reached a host is deleted here.
    /// </summary>
    public async Task DeleteAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var instance = await MarkDeletingAsync(instanceUuid, cancellationToken);
        await actions.StartActionAsync(instanceUuid, ActionNames.Delete, context.RequestId, context.UserId, context.ProjectId, cancellationToken);
        if (instance.Host is null)
        {
            instance.VmState = VmState.Deleted;
            instance.TaskState = null;
            instance.TerminatedAt = time.GetUtcNow();
            await instances.SaveAsync(instance, cancellationToken: cancellationToken);
            await instances.DestroyAsync(instanceUuid, cancellationToken);
            // The conductor may have allocated just before our mark; it releases too when its save
            // finds the instance deleting, so either order leaves nothing held.
            await placement.ReleaseAsync(instanceUuid, cancellationToken);
            await actions.FinishActionAsync(instanceUuid, context.RequestId, cancellationToken);
            return;
        }
        await computeRpc.TerminateInstanceAsync(context, instance.Host, instanceUuid, cancellationToken);
    }

    public async Task<string> GetConsoleOutputAsync(RequestContext context, Guid instanceUuid, int? lines = null, CancellationToken cancellationToken = default)
    {
        var instance = await instances.GetAsync(instanceUuid, cancellationToken: cancellationToken);
        if (instance.Host is null || instance.VmState is VmState.Building or VmState.Error && instance.LaunchedAt is null)
        {
            throw new InstanceNotReadyException(instanceUuid, instance.VmState);
        }
        return await computeRpc.GetConsoleOutputAsync(context, instance.Host, instanceUuid, lines, cancellationToken);
    }

    /// <summary>
    /// Marks the instance deleting with a narrow compare-and-set on task_state alone, so whatever the
    /// compute host wrote meanwhile (ACTIVE, launched_at, power state) stays. Already deleting is fine:
    /// a repeated delete re-sends terminate, the way out of a stuck delete.
    /// </summary>
    private async Task<Instance> MarkDeletingAsync(Guid instanceUuid, CancellationToken cancellationToken)
    {
        try
        {
            return await instances.SetTaskStateAsync(instanceUuid, TaskState.Deleting, TaskStates.AnyButDeleting, cancellationToken);
        }
        catch (UnexpectedDeletingTaskStateException)
        {
            return await instances.GetAsync(instanceUuid, cancellationToken: cancellationToken);
        }
    }

    /// <summary>A private flavor not shared with the caller's project does not exist for it (Nova's flavor access).</summary>
    private async Task<Flavor> GetFlavorAsync(RequestContext context, string flavorId, CancellationToken cancellationToken)
    {
        try
        {
            var flavor = await flavors.GetAsync(flavorId, cancellationToken);
            if (!flavor.IsPublic && !context.IsAdmin && flavorAccess is not null
                && !(await flavorAccess.ListFlavorsAsync(context.ProjectId, cancellationToken)).Contains(flavor.Id))
            {
                throw new FlavorNotFoundException(flavorId);
            }
            return flavor;
        }
        catch (FlavorNotFoundException)
        {
            throw new InvalidRequestException($"Flavor {flavorId} could not be found. List the flavors with 'kumo flavor list'.");
        }
    }

    /// <summary>Another project's private image is "not found" to the caller, as Glance would answer it.</summary>
    private async Task EnsureImageVisibleAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken)
    {
        if (!await images.IsVisibleAsync(context, imageId, cancellationToken))
        {
            throw new InvalidRequestException($"Image {imageId} could not be found. List the images with 'kumo image list'.");
        }
    }

    private async Task<ImageMeta> GetBootableImageAsync(Guid imageId, Flavor flavor, CancellationToken cancellationToken)
    {
        ImageMeta image;
        try
        {
            image = await images.GetAsync(imageId, cancellationToken);
        }
        catch (ImageNotFoundException)
        {
            throw new InvalidRequestException($"Image {imageId} could not be found. List the images with 'kumo image list'.");
        }
        if (image.Status != ImageStatus.Active)
        {
            throw new InvalidRequestException($"Image {imageId} is not active (status {image.Status.ToString().ToLowerInvariant()}); upload its data first.");
        }
        if (image.DiskFormat is "aki" or "ari")
        {
            throw new InvalidRequestException($"Image {imageId} is a {image.DiskFormat} (kernel or ramdisk) image and cannot be booted on its own.");
        }
        if (flavor.RootGb > 0 && image.MinDiskGb > flavor.RootGb)
        {
            throw new InvalidRequestException($"Flavor's disk is too small for requested image: flavor {flavor.Name} has {flavor.RootGb} GB, image needs {image.MinDiskGb} GB.");
        }
        if (image.MinRamMb > flavor.MemoryMb)
        {
            throw new InvalidRequestException($"Flavor's memory is too small for requested image: flavor {flavor.Name} has {flavor.MemoryMb} MB, image needs {image.MinRamMb} MB.");
        }
        return image;
    }

    /// <summary>Nova's sanitize_hostname: lower case, [a-z0-9-], at most 63 characters.</summary>
    private static string HostnameFrom(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray();
        var hostname = new string(chars).Trim('-');
        if (hostname.Length > 63)
        {
            hostname = hostname[..63].TrimEnd('-');
        }
        return hostname.Length == 0 ? "server" : hostname;
    }
}

public sealed class InstanceNotReadyException(Guid uuid, VmState state)
    : KumoException($"Instance {uuid} is not ready (vm_state {state.ToNovaName()}); its console is available once it has been launched.")
{
    public override int Code => 409;
}
