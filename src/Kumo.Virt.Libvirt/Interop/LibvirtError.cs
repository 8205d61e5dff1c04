using System.Runtime.InteropServices;
using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>
/// The one place that turns a failed libvirt call into a <see cref="LibvirtException"/>. libvirt keeps
/// the last error per thread and every API call resets it on entry, so these must run on the calling
/// thread immediately after the call — which is why call sites wrap the native call directly:
/// <c>LibvirtError.Check(LibvirtNative.virDomainDestroy(h))</c>.
/// </summary>
internal static unsafe class LibvirtError
{
    /// <summary>Throws for a negative return code; returns <paramref name="rc"/> otherwise.</summary>
    internal static int Check(int rc) => rc < 0 ? throw Last() : rc;

    /// <summary>Throws for a NULL handle (disposing the empty wrapper); returns it otherwise.</summary>
    internal static T Check<T>(T handle) where T : SafeHandle
    {
        if (!handle.IsInvalid)
        {
            return handle;
        }

        LibvirtException error = Last();
        handle.Dispose();
        throw error;
    }

    /// <summary>Throws for a NULL string return.</summary>
    internal static string Check(string? value) => value ?? throw Last();

    /// <summary>
    /// Like <see cref="Check{T}(T)"/> but a missing domain (VIR_ERR_NO_DOMAIN) is an expected outcome:
    /// returns null for it.
    /// </summary>
    internal static T? CheckFound<T>(T handle) where T : SafeHandle
    {
        if (!handle.IsInvalid)
        {
            return handle;
        }

        LibvirtException error = Last();
        handle.Dispose();
        return error.IsNotFound ? null : throw error;
    }

    /// <summary>Reads and clears this thread's last libvirt error.</summary>
    internal static LibvirtException Last()
    {
        VirError error = default;
        int code = LibvirtNative.virCopyLastError(&error);
        try
        {
            if (code == 0)
            {
                // Some entry points fail without setting an error (virEventAddTimeout with no event
                // implementation registered); a failure must still not pass as success.
                return new LibvirtException(0, 0, "the call failed without reporting a libvirt error");
            }

            string message = Marshal.PtrToStringUTF8(error.Message) ?? "(no message)";
            return new LibvirtException(error.Code, error.Domain, message);
        }
        finally
        {
            LibvirtNative.virResetError(&error);
            // Read means handled: a pending error would make the next handle release on this thread
            // take the deferred path (see DeferredRelease).
            LibvirtNative.virResetLastError();
        }
    }
}
