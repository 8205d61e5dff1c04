using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>Receives lifecycle events on the libvirt event-loop thread; must return quickly.</summary>
internal interface ILifecycleEventSink
{
    void OnLifecycleEvent(Guid uuid, string name, int eventType, int detail);
}

/// <summary>
/// VIR_DOMAIN_EVENT_ID_LIFECYCLE registration. The sink travels to libvirt as a GCHandle in the opaque
/// pointer; the callbacks are static [UnmanagedCallersOnly] functions, so there is no delegate for the
/// GC to collect under libvirt's feet.
/// </summary>
internal static unsafe class LifecycleEvents
{
    /// <summary>Returns the callback id to deregister with.</summary>
    internal static int Register(SafeConnectHandle conn, ILifecycleEventSink sink)
    {
        GCHandle gcHandle = GCHandle.Alloc(sink);
        try
        {
            return LibvirtError.Check(LibvirtNative.virConnectDomainEventRegisterAny(
                conn, dom: 0, LibvirtNative.DomainEventIdLifecycle, &OnLifecycle, GCHandle.ToIntPtr(gcHandle), &FreeSink));
        }
        catch
        {
            // On failure libvirt has not taken the opaque (it does not call freecb), so it is still ours.
            gcHandle.Free();
            throw;
        }
    }

    /// <summary>
    /// The GCHandle is not freed here but in <see cref="FreeSink"/>: libvirt calls that only once no
    /// dispatch can use the opaque any more (one may be running on the loop thread right now).
    /// </summary>
    internal static void Deregister(SafeConnectHandle conn, int callbackId) =>
        LibvirtError.Check(LibvirtNative.virConnectDomainEventDeregisterAny(conn, callbackId));

    // An exception escaping an [UnmanagedCallersOnly] function kills the process: catch everything.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnLifecycle(nint conn, nint dom, int eventType, int detail, nint opaque)
    {
        try
        {
            var sink = (ILifecycleEventSink)GCHandle.FromIntPtr(opaque).Target!;
            // dom is libvirt's for the duration of the call: read it, never free it.
            Guid uuid = DomainUuid.Get(dom);
            string name = LibvirtNative.virDomainGetName(dom) ?? string.Empty;
            sink.OnLifecycleEvent(uuid, name, eventType, detail);
        }
        catch
        {
            // Nowhere to report from the loop thread; the sink owns its handler's errors.
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeSink(nint opaque)
    {
        try
        {
            GCHandle.FromIntPtr(opaque).Free();
        }
        catch
        {
            // Same rule as above: nothing may escape into libvirt.
        }
    }
}
