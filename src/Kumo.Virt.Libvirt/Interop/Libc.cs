using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// Strings libvirt hands over are malloc'd and must go back to libc's free: libvirt.so.0 exports no
    /// virFree (see /work/shared/docs/environment.md, "libvirt from C#").
    /// </summary>
    [LibraryImport("libc.so.6")]
    internal static partial void free(void* ptr);
}
