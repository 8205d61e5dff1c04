using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Kumo.Virt.Libvirt.Interop;

// libvirt-domain.h: domain lifecycle and queries.
internal static unsafe partial class LibvirtNative
{
    /// <summary>Size of the buffer virDomainGetUUIDString fills (VIR_UUID_STRING_BUFLEN, with the NUL).</summary>
    internal const int UuidStringBufferLength = 37;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainDefineXML(SafeConnectHandle conn, string xml);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainDefineXMLFlags(SafeConnectHandle conn, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainLookupByUUIDString(SafeConnectHandle conn, string uuid);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainLookupByName(SafeConnectHandle conn, string name);

    [LibraryImport(Library)]
    internal static partial int virDomainCreateWithFlags(SafeDomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainResume(SafeDomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(SafeDomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroyFlags(SafeDomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(SafeDomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(SafeDomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainReboot(SafeDomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(SafeDomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetInfo(SafeDomainHandle domain, out VirDomainInfo info);

    [LibraryImport(Library)]
    [return: MarshalUsing(typeof(OwnedUtf8StringMarshaller))]
    internal static partial string? virDomainGetXMLDesc(SafeDomainHandle domain, uint flags);

    [LibraryImport(Library)]
    [return: MarshalUsing(typeof(BorrowedUtf8StringMarshaller))]
    internal static partial string? virDomainGetName(SafeDomainHandle domain);

    /// <summary>Borrowed-pointer overload for event callbacks, where libvirt owns the domain.</summary>
    [LibraryImport(Library, EntryPoint = "virDomainGetName")]
    [return: MarshalUsing(typeof(BorrowedUtf8StringMarshaller))]
    internal static partial string? virDomainGetName(nint domain);

    /// <param name="buf">At least <see cref="UuidStringBufferLength"/> bytes.</param>
    [LibraryImport(Library)]
    internal static partial int virDomainGetUUIDString(SafeDomainHandle domain, byte* buf);

    [LibraryImport(Library, EntryPoint = "virDomainGetUUIDString")]
    internal static partial int virDomainGetUUIDString(nint domain, byte* buf);

    /// <summary>1 if running, 0 if not, -1 on error.</summary>
    [LibraryImport(Library)]
    internal static partial int virDomainIsActive(SafeDomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(nint domain);
}
