using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

// virterror.h. Read only through LibvirtError.
internal static unsafe partial class LibvirtNative
{
    /// <summary>Copies this thread's last error into <paramref name="to"/>; returns its code, 0 if none.</summary>
    [LibraryImport(Library)]
    internal static partial int virCopyLastError(VirError* to);

    /// <summary>This thread's last error, or NULL; does not clear it (libvirt owns the pointer).</summary>
    [LibraryImport(Library)]
    internal static partial nint virGetLastError();

    /// <summary>Clears this thread's last error.</summary>
    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    /// <summary>Frees the strings inside a copied error (not the struct itself).</summary>
    [LibraryImport(Library)]
    internal static partial void virResetError(VirError* err);

    [LibraryImport(Library)]
    internal static partial void virSetErrorFunc(nint userData, delegate* unmanaged[Cdecl]<nint, nint, void> handler);
}
