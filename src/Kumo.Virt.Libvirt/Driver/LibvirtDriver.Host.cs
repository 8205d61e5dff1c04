using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Libvirt.Storage;

namespace Kumo.Virt.Libvirt.Driver;

// What this driver holds on the host: its own domains, the image cache, the inventory.
public sealed partial class LibvirtDriver
{
    /// <summary>
    /// Our guests only: one libvirtd may serve several compute services (tests, a demo, a second
    /// deployment), so a domain counts as ours when its Kumo metadata names this host and its files
    /// live under our instances path.
    /// </summary>
    public Task<IReadOnlyList<Guid>> ListInstanceUuidsAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        var domains = Libvirt(c => c.ListAllDomains(), cancellationToken);
        try
        {
            return (IReadOnlyList<Guid>)[.. domains.Where(d => d.Name.StartsWith(DomainNames.Prefix, StringComparison.Ordinal) && IsOurs(d)).Select(d => d.Uuid)];
        }
        finally
        {
            foreach (var domain in domains)
            {
                domain.Dispose();
            }
        }
    }, cancellationToken);

    private bool IsOurs(LibvirtDomain domain)
    {
        GuestConfig config;
        try
        {
            config = GuestConfig.Parse(domain.GetXmlDesc());
        }
        catch (Exception ex) when (ex is LibvirtException or FormatException or System.Xml.XmlException)
        {
            return false; // gone meanwhile, or not a domain Kumo wrote
        }
        var root = options.InstancesPath.TrimEnd('/') + "/";
        return config.Metadata?.Host == _host
            && (config.Os.Kernel?.StartsWith(root, StringComparison.Ordinal) == true
                || config.Devices.Disks.Any(d => d.SourceFile?.StartsWith(root, StringComparison.Ordinal) == true));
    }

    /// <summary>
    /// Keeps the base files of every image the host's instances use, including their kernel and
    /// ramdisk images; an image whose record is gone keeps its base while an instance still names it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ManageImageCacheAsync(IReadOnlyCollection<Instance> instancesOnHost, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var inUse = new HashSet<Guid>();
        foreach (var imageId in instancesOnHost.Select(i => i.ImageRef).Distinct())
        {
            inUse.Add(imageId);
            try
            {
                var image = await images.GetAsync(imageId, cancellationToken);
                if (image.KernelId is { } kernel)
                {
                    inUse.Add(kernel);
                }
                if (image.RamdiskId is { } ramdisk)
                {
                    inUse.Add(ramdisk);
                }
            }
            catch (ImageNotFoundException)
            {
                // Deleted from the image service; instances copied their kernel and ramdisk already.
            }
        }
        var blanksInUse = instancesOnHost.SelectMany(BlankBasesOf).ToHashSet(StringComparer.Ordinal);
        return [.. imageCache.RemoveUnused(inUse, minimumAge), .. _blankBases.RemoveUnused(blanksInUse, minimumAge)];
    }

    private IEnumerable<string> BlankBasesOf(Instance instance)
    {
        if (instance.Flavor.EphemeralGb > 0)
        {
            yield return BlankBaseCache.EphemeralName(instance.Flavor.EphemeralGb, options.DefaultEphemeralFormat);
        }
        if (instance.Flavor.SwapMb > 0)
        {
            yield return BlankBaseCache.SwapName(instance.Flavor.SwapMb);
        }
    }

    /// <summary>
    /// Domains named instance-&lt;uuid&gt;, instance directories, cached images and the VIF devices (taps, qbr, qvb/qvo, OVS ports). The cache belongs to
    /// the host, not to an instance: it is listed without owner and outlives the instances (Nova's _base).
    /// </summary>
    public async Task<IReadOnlyList<HostResource>> ListHostResourcesAsync(CancellationToken cancellationToken = default)
    {
        var resources = new List<HostResource>();
        foreach (var uuid in await ListInstanceUuidsAsync(cancellationToken))
        {
            resources.Add(new HostResource("domain", DomainNames.For(uuid), uuid));
        }
        if (Directory.Exists(options.InstancesPath))
        {
            foreach (var dir in Directory.GetDirectories(options.InstancesPath).Order(StringComparer.Ordinal))
            {
                if (Guid.TryParse(Path.GetFileName(dir), out var uuid))
                {
                    resources.Add(new HostResource("instance-dir", dir, uuid));
                }
            }
        }
        resources.AddRange(imageCache.ListCached().Select(path => new HostResource("cached-image", path, null)));
        resources.AddRange(_blankBases.ListCached().Select(path => new HostResource("cached-blank-disk", path, null)));
        if (VifInventory is { } vifs)
        {
            resources.AddRange(await vifs.ListAsync(cancellationToken));
        }
        return resources;
    }
}
