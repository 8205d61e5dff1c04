namespace Kumo.Virt.Libvirt.Interop;

/// <summary>
/// Keeps a failed call's error readable when a handle's last reference drops inside that call.
/// A handle disposed on one thread while another thread's call is in flight is freed when that call's
/// marshaller releases it, on the calling thread, before LibvirtError reads the error; and
/// virConnectClose/virDomainFree reset the thread's error on entry. So when an error is pending on
/// this thread, the free runs on a pool thread instead (seen: 635 of 20,000 racing lookups reported
/// "failed without reporting a libvirt error" before this).
/// </summary>
internal static class DeferredRelease
{
    public static bool Run(nint handle, Func<nint, bool> free)
    {
        if (LibvirtNative.virGetLastError() == 0)
        {
            return free(handle);
        }
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.free(state.handle), (handle, free), preferLocal: false);
        return true;
    }
}
