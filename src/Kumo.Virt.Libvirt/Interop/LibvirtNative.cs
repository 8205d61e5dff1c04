using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

/// <summary>
/// Raw libvirt entry points, keeping libvirt's C names (split by area over the LibvirtNative.*.cs files).
/// Signatures follow libvirt's include/libvirt/*.h; callers check return codes only through
/// <see cref="LibvirtError"/>.
/// </summary>
internal static unsafe partial class LibvirtNative
{
    internal const string Library = "libvirt.so.0";

    // A static constructor (not a module initializer) so the library is loaded only by code that calls
    // libvirt: it runs before the first entry point of this class is used.
    static LibvirtNative()
    {
        // Without a handler libvirt prints every error to stderr, including the ones we expect and
        // handle (VIR_ERR_NO_DOMAIN from TryLookupByUuid). Errors still reach us via virCopyLastError.
        // The handler is process-global in libvirt (virerror.c), so once is enough.
        virSetErrorFunc(0, &IgnoreError);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void IgnoreError(nint userData, nint error)
    {
    }
}
