using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

// libvirt-event.h and the domain event part of libvirt-domain.h.
internal static unsafe partial class LibvirtNative
{
    /// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE.</summary>
    internal const int DomainEventIdLifecycle = 0;

    [LibraryImport(Library)]
    internal static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Library)]
    internal static partial int virEventRunDefaultImpl();

    /// <summary>Returns the timer id (&gt; 0) or -1. <paramref name="ff"/> frees opaque once the timer is gone.</summary>
    [LibraryImport(Library)]
    internal static partial int virEventAddTimeout(
        int timeout,
        delegate* unmanaged[Cdecl]<int, nint, void> cb,
        nint opaque,
        delegate* unmanaged[Cdecl]<nint, void> ff);

    [LibraryImport(Library)]
    internal static partial int virEventRemoveTimeout(int timer);

    /// <summary>
    /// <paramref name="cb"/> is declared by libvirt as the generic callback and cast according to
    /// <paramref name="eventId"/>; for LIFECYCLE it is
    /// <c>int (*)(virConnectPtr, virDomainPtr, int event, int detail, void *opaque)</c>.
    /// Returns the callback id (&gt;= 0) or -1.
    /// </summary>
    [LibraryImport(Library)]
    internal static partial int virConnectDomainEventRegisterAny(
        SafeConnectHandle conn,
        nint dom,
        int eventId,
        delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, int> cb,
        nint opaque,
        delegate* unmanaged[Cdecl]<nint, void> freecb);

    [LibraryImport(Library)]
    internal static partial int virConnectDomainEventDeregisterAny(SafeConnectHandle conn, int callbackId);
}
