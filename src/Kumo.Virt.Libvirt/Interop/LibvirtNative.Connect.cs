using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Kumo.Virt.Libvirt.Interop;

// libvirt-host.h: connections and the node.
internal static unsafe partial class LibvirtNative
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeConnectHandle virConnectOpen(string name);

    /// <summary>Returns the references still held on the connection (0 = freed), or -1.</summary>
    [LibraryImport(Library)]
    internal static partial int virConnectClose(nint conn);

    /// <summary>1 when the connection is usable, 0 when its transport broke (daemon gone), -1 on error.</summary>
    [LibraryImport(Library)]
    internal static partial int virConnectIsAlive(SafeConnectHandle conn);

    /// <summary>0 when started, 1 when the daemon does not support keepalive, -1 on error (no event loop registered).</summary>
    [LibraryImport(Library)]
    internal static partial int virConnectSetKeepAlive(SafeConnectHandle conn, int interval, uint count);

    [LibraryImport(Library)]
    internal static partial int virConnectGetLibVersion(SafeConnectHandle conn, out CULong libVer);

    [LibraryImport(Library)]
    internal static partial int virConnectGetVersion(SafeConnectHandle conn, out CULong hvVer);

    [LibraryImport(Library)]
    [return: MarshalUsing(typeof(OwnedUtf8StringMarshaller))]
    internal static partial string? virConnectGetHostname(SafeConnectHandle conn);

    [LibraryImport(Library)]
    [return: MarshalUsing(typeof(BorrowedUtf8StringMarshaller))]
    internal static partial string? virConnectGetType(SafeConnectHandle conn);

    [LibraryImport(Library)]
    internal static partial int virNodeGetInfo(SafeConnectHandle conn, out VirNodeInfo info);

    /// <summary>Use <see cref="DomainList.ListAll"/>: the array and its elements need freeing.</summary>
    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(SafeConnectHandle conn, out nint* domains, uint flags);
}
