using Microsoft.Win32.SafeHandles;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>A virConnectPtr, closed with virConnectClose.</summary>
internal sealed class SafeConnectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    // Public: the LibraryImport marshaller creates it for virConnectOpen's return value.
    public SafeConnectHandle() : base(ownsHandle: true)
    {
    }

    /// <summary>
    /// What virConnectClose returned: the references libvirt still held (0 = the connection is gone;
    /// &gt; 0 = an undisposed domain or an event callback still pins it), or null before closing.
    /// </summary>
    internal int? ReferencesLeftAtClose { get; private set; }

    protected override bool ReleaseHandle() => DeferredRelease.Run(handle, Close);

    private bool Close(nint connection)
    {
        int remaining = LibvirtNative.virConnectClose(connection);
        ReferencesLeftAtClose = remaining;
        return remaining >= 0;
    }
}
