using Microsoft.Win32.SafeHandles;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>A virDomainPtr we own a reference to, released with virDomainFree.</summary>
internal sealed class SafeDomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // Public: the LibraryImport marshaller creates it for lookup/define return values.
    public SafeDomainHandle() : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of one element of a virConnectListAllDomains array.</summary>
    internal SafeDomainHandle(nint domain) : base(ownsHandle: true)
    {
        SetHandle(domain);
    }

    protected override bool ReleaseHandle() => DeferredRelease.Run(handle, static domain => LibvirtNative.virDomainFree(domain) == 0);
}
