using Kumo.Virt.Libvirt.Interop;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// A reference to a libvirt domain (virDomainPtr). It names the domain by UUID, so it stays valid as
/// a reference after the domain is undefined — calls then fail with
/// <see cref="LibvirtException.IsNotFound"/>. Dispose releases the reference, not the domain.
/// </summary>
public sealed class LibvirtDomain : IDisposable
{
    private readonly SafeDomainHandle _handle;

    internal LibvirtDomain(SafeDomainHandle handle) => _handle = handle;

    /// <summary>The name this reference was obtained with (local: no daemon round trip).</summary>
    public string Name => LibvirtError.Check(LibvirtNative.virDomainGetName(_handle));

    /// <summary>Local: no daemon round trip.</summary>
    public Guid Uuid => DomainUuid.Get(_handle);

    /// <summary>Whether the domain is running (asks the daemon).</summary>
    public bool IsActive => LibvirtError.Check(LibvirtNative.virDomainIsActive(_handle)) == 1;

    /// <summary>Starts the defined domain.</summary>
    public void Create(DomainCreateFlags flags = DomainCreateFlags.None) =>
        LibvirtError.Check(LibvirtNative.virDomainCreateWithFlags(_handle, (uint)flags));

    /// <summary>Resumes a paused domain's vCPUs (virDomainResume).</summary>
    public void Resume() => LibvirtError.Check(LibvirtNative.virDomainResume(_handle));

    /// <summary>Powers the domain off immediately (SIGTERM, then SIGKILL); the definition stays.</summary>
    public void Destroy() => LibvirtError.Check(LibvirtNative.virDomainDestroy(_handle));

    public void Destroy(DomainDestroyFlags flags) =>
        LibvirtError.Check(LibvirtNative.virDomainDestroyFlags(_handle, (uint)flags));

    /// <summary>Asks the guest to shut down (ACPI or agent); returns before it has.</summary>
    public void Shutdown() => LibvirtError.Check(LibvirtNative.virDomainShutdown(_handle));

    /// <summary>Asks the guest to reboot; returns before it has.</summary>
    public void Reboot() => LibvirtError.Check(LibvirtNative.virDomainReboot(_handle, 0));

    /// <summary>Removes the persistent definition; a running domain keeps running as transient.</summary>
    public void Undefine(DomainUndefineFlags flags) =>
        LibvirtError.Check(LibvirtNative.virDomainUndefineFlags(_handle, (uint)flags));

    /// <summary>The state and its reason (a virDomain*Reason value for that state).</summary>
    public (DomainState State, int Reason) GetState()
    {
        LibvirtError.Check(LibvirtNative.virDomainGetState(_handle, out int state, out int reason, 0));
        return ((DomainState)state, reason);
    }

    public DomainInfo GetInfo()
    {
        LibvirtError.Check(LibvirtNative.virDomainGetInfo(_handle, out VirDomainInfo info));
        return new DomainInfo((DomainState)info.State, info.MaxMem.Value, info.Memory.Value, info.NrVirtCpu, info.CpuTime);
    }

    public string GetXmlDesc(DomainXmlFlags flags = DomainXmlFlags.None) =>
        LibvirtError.Check(LibvirtNative.virDomainGetXMLDesc(_handle, (uint)flags));

    public void Dispose() => _handle.Dispose();

    public override string ToString() => _handle.IsClosed ? "(disposed domain)" : $"{Name} ({Uuid})";
}
