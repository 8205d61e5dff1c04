namespace Kumo.Deployment.Configuration;

/// <summary>
/// Nova's (and Keystone's, Glance's, oslo.service's) option names, as `section:option` of their .conf
/// files, accepted for Kumo's keys: `{"DEFAULT": {"cpu_allocation_ratio": 2.0}}` in kumo.json or
/// KUMO__LIBVIRT__VIRT_TYPE=qemu. Interval options take seconds, as in nova.conf. Options that hold
/// a class path (compute_driver) are translated to Kumo's value.
/// </summary>
public static class NovaOptionAliases
{
    private static readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DEFAULT:state_path"] = "StateDir",
        ["DEFAULT:compute_driver"] = "VirtDriver",
        ["DEFAULT:host"] = "Compute:Host",
        ["DEFAULT:max_concurrent_builds"] = "Compute:MaxConcurrentBuilds",
        ["compute:max_concurrent_builds"] = "Compute:MaxConcurrentBuilds",
        ["DEFAULT:cpu_allocation_ratio"] = "Compute:CpuAllocationRatio",
        ["DEFAULT:initial_cpu_allocation_ratio"] = "Compute:CpuAllocationRatio",
        ["DEFAULT:ram_allocation_ratio"] = "Compute:RamAllocationRatio",
        ["DEFAULT:initial_ram_allocation_ratio"] = "Compute:RamAllocationRatio",
        ["DEFAULT:disk_allocation_ratio"] = "Compute:DiskAllocationRatio",
        ["DEFAULT:initial_disk_allocation_ratio"] = "Compute:DiskAllocationRatio",
        ["DEFAULT:reserved_host_memory_mb"] = "Compute:ReservedHostMemoryMb",
        ["DEFAULT:reserved_host_disk_mb"] = "Compute:ReservedHostDiskMb",
        ["DEFAULT:reserved_host_cpus"] = "Compute:ReservedHostCpus",
        ["DEFAULT:update_resources_interval"] = "Compute:UpdateResourcesInterval",
        ["DEFAULT:sync_power_state_interval"] = "Compute:SyncPowerStateInterval",
        ["DEFAULT:shutdown_timeout"] = "Compute:ShutdownTimeout",
        ["image_cache:manager_interval"] = "Compute:ImageCacheManagerInterval",
        ["image_cache:remove_unused_original_minimum_age_seconds"] = "Compute:RemoveUnusedBaseImagesMinimumAge",
        ["DEFAULT:instances_path"] = "Libvirt:InstancesPath",
        ["libvirt:virt_type"] = "Libvirt:VirtType",
        ["libvirt:connection_uri"] = "Libvirt:ConnectionUri",
        ["api:max_limit"] = "Api:MaxLimit",
        ["token:expiration"] = "Api:TokenExpiration",
        ["DEFAULT:image_size_cap"] = "Api:ImageSizeCap",
        ["DEFAULT:graceful_shutdown_timeout"] = "ShutdownTimeout",
        ["DEFAULT:report_interval"] = "ReportInterval",
        ["DEFAULT:service_down_time"] = "ServiceDownTime",
        ["DEFAULT:default_availability_zone"] = "Compute:DefaultAvailabilityZone",
        ["libvirt:wait_soft_reboot_seconds"] = "Libvirt:WaitSoftRebootSeconds",
        ["DEFAULT:force_config_drive"] = "Libvirt:ForceConfigDrive",
        ["DEFAULT:default_ephemeral_format"] = "Libvirt:DefaultEphemeralFormat",
        ["DEFAULT:vif_plugging_timeout"] = "Compute:VifPluggingTimeout",
        ["DEFAULT:vif_plugging_is_fatal"] = "Compute:VifPluggingIsFatal",
        ["scheduler:max_attempts"] = "Scheduler:MaxAttempts",
        ["neutron:metadata_proxy_shared_secret"] = "Metadata:ProxySharedSecret",
        ["api:dhcp_domain"] = "Metadata:DhcpDomain",
    };

    // Nova's compute_driver names a driver class; Kumo has two drivers.
    private static readonly Dictionary<string, string> _computeDrivers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["libvirt.LibvirtDriver"] = "libvirt",
        ["fake.FakeDriver"] = "fake",
    };

    /// <summary>Alias → Kumo key, for the README's table and for suggestions.</summary>
    public static IReadOnlyDictionary<string, string> All => _aliases;

    /// <summary>The Kumo key and value an alias stands for; null when <paramref name="key"/> is not an alias.</summary>
    public static (string Key, string? Value)? Resolve(string key, string? value)
    {
        if (!_aliases.TryGetValue(key, out var target))
        {
            return null;
        }
        if (target == "VirtDriver" && value is not null && _computeDrivers.TryGetValue(value, out var driver))
        {
            value = driver;
        }
        return (target, value);
    }
}
