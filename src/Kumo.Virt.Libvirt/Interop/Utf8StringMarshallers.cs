using System.Runtime.InteropServices.Marshalling;

namespace Kumo.Virt.Libvirt.Interop;

// libvirt returns two kinds of char*: ones the caller owns (virDomainGetXMLDesc) and ones it must
// never free (virDomainGetName). Naming the ownership in the declaration keeps a wrong free — a heap
// corruption far from its cause — out of the call sites. NULL (the error return) becomes null.

/// <summary>A returned char* the caller owns: copied, then released with libc free.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedOut, typeof(OwnedUtf8StringMarshaller))]
internal static unsafe class OwnedUtf8StringMarshaller
{
    public static string? ConvertToManaged(byte* unmanaged) => Utf8StringMarshaller.ConvertToManaged(unmanaged);

    public static void Free(byte* unmanaged) => Libc.free(unmanaged);
}

/// <summary>A returned const char* libvirt keeps: copied, never freed.</summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedOut, typeof(BorrowedUtf8StringMarshaller))]
internal static unsafe class BorrowedUtf8StringMarshaller
{
    public static string? ConvertToManaged(byte* unmanaged) => Utf8StringMarshaller.ConvertToManaged(unmanaged);
}
