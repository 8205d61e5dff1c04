namespace Kumo.Virt.Libvirt.Host;

// Flags taken by the connection and domain calls, values from libvirt-domain.h. The C names are
// VIR_CONNECT_LIST_DOMAINS_*, VIR_DOMAIN_START_*, VIR_DOMAIN_DESTROY_*, VIR_DOMAIN_UNDEFINE_*,
// VIR_DOMAIN_XML_* and VIR_DOMAIN_DEFINE_*.

/// <summary>virConnectListAllDomainsFlags; None lists every domain.</summary>
[Flags]
public enum ListDomainsFlags : uint
{
    None = 0,
    Active = 1 << 0,
    Inactive = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Running = 1 << 4,
    Paused = 1 << 5,
    Shutoff = 1 << 6,
    Other = 1 << 7,
    ManagedSave = 1 << 8,
    NoManagedSave = 1 << 9,
    Autostart = 1 << 10,
    NoAutostart = 1 << 11,
    HasSnapshot = 1 << 12,
    NoSnapshot = 1 << 13,
    HasCheckpoint = 1 << 14,
    NoCheckpoint = 1 << 15,
}

/// <summary>virDomainCreateFlags.</summary>
[Flags]
public enum DomainCreateFlags : uint
{
    None = 0,
    Paused = 1 << 0,
    /// <summary>Kill the guest when the connection that started it closes.</summary>
    AutoDestroy = 1 << 1,
    BypassCache = 1 << 2,
    /// <summary>Boot fresh, discarding any managed save image.</summary>
    ForceBoot = 1 << 3,
    Validate = 1 << 4,
    /// <summary>Re-initialize NVRAM from its template (libvirt ≥ 8.1).</summary>
    ResetNvram = 1 << 5,
}

/// <summary>virDomainDestroyFlagsValues.</summary>
[Flags]
public enum DomainDestroyFlags : uint
{
    Default = 0,
    /// <summary>SIGTERM only, no SIGKILL: fails rather than risk data loss if the guest lingers.</summary>
    Graceful = 1 << 0,
    /// <summary>Also remove the domain's logs (libvirt ≥ 8.3).</summary>
    RemoveLogs = 1 << 1,
}

/// <summary>virDomainUndefineFlagsValues.</summary>
[Flags]
public enum DomainUndefineFlags : uint
{
    None = 0,
    ManagedSave = 1 << 0,
    SnapshotsMetadata = 1 << 1,
    /// <summary>Also remove the NVRAM file; without it (or KeepNvram) undefining a UEFI guest fails.</summary>
    Nvram = 1 << 2,
    KeepNvram = 1 << 3,
    CheckpointsMetadata = 1 << 4,
    /// <summary>Also remove TPM state (libvirt ≥ 8.9).</summary>
    Tpm = 1 << 5,
    KeepTpm = 1 << 6,
}

/// <summary>virDomainXMLFlags.</summary>
[Flags]
public enum DomainXmlFlags : uint
{
    None = 0,
    /// <summary>Include security-sensitive data (passwords).</summary>
    Secure = 1 << 0,
    /// <summary>The persistent definition rather than the running one.</summary>
    Inactive = 1 << 1,
    UpdateCpu = 1 << 2,
    Migratable = 1 << 3,
}

/// <summary>virDomainDefineFlags.</summary>
[Flags]
public enum DomainDefineFlags : uint
{
    None = 0,
    /// <summary>Validate the XML against libvirt's schema.</summary>
    Validate = 1 << 0,
}
