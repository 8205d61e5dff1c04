namespace Kumo.Virt.Libvirt.Interop;

/// <summary>Reads a domain's UUID (a local call: no round trip to the daemon).</summary>
internal static unsafe class DomainUuid
{
    internal static Guid Get(SafeDomainHandle domain)
    {
        byte* buffer = stackalloc byte[LibvirtNative.UuidStringBufferLength];
        LibvirtError.Check(LibvirtNative.virDomainGetUUIDString(domain, buffer));
        return Parse(buffer);
    }

    /// <summary>For a borrowed virDomainPtr, as event callbacks receive.</summary>
    internal static Guid Get(nint domain)
    {
        byte* buffer = stackalloc byte[LibvirtNative.UuidStringBufferLength];
        LibvirtError.Check(LibvirtNative.virDomainGetUUIDString(domain, buffer));
        return Parse(buffer);
    }

    // libvirt writes the 36-character "D" form plus a NUL.
    private static Guid Parse(byte* buffer) =>
        Guid.Parse(new ReadOnlySpan<byte>(buffer, LibvirtNative.UuidStringBufferLength - 1), provider: null);
}
