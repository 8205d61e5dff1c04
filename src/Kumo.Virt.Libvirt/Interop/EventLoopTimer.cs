using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>
/// A one-shot 0 ms timer on libvirt's event loop: it fires on the loop's next iteration, which also
/// wakes a loop blocked in poll().
/// </summary>
internal static unsafe class EventLoopTimer
{
    /// <summary>Runs <paramref name="action"/> once on the event-loop thread; it must not throw or block.</summary>
    internal static void RunOnce(Action action)
    {
        GCHandle gcHandle = GCHandle.Alloc(action);
        try
        {
            LibvirtError.Check(LibvirtNative.virEventAddTimeout(0, &OnTimeout, GCHandle.ToIntPtr(gcHandle), &FreeAction));
        }
        catch
        {
            gcHandle.Free();
            throw;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnTimeout(int timer, nint opaque)
    {
        try
        {
            // A 0 ms timer fires on every iteration until removed; the free callback runs after removal.
            LibvirtNative.virEventRemoveTimeout(timer);
            ((Action)GCHandle.FromIntPtr(opaque).Target!)();
        }
        catch
        {
            // Nothing may escape into libvirt.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeAction(nint opaque)
    {
        try
        {
            GCHandle.FromIntPtr(opaque).Free();
        }
        catch
        {
            // Nothing may escape into libvirt.
        }
    }
}
