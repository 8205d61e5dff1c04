namespace Kumo.Virt.Libvirt.Interop;

internal static unsafe class DomainList
{
    /// <summary>
    /// virConnectListAllDomains hands over a malloc'd array of domain references: each element is
    /// ours to virDomainFree (the SafeDomainHandles take that over), the array itself goes to libc free.
    /// </summary>
    internal static SafeDomainHandle[] ListAll(SafeConnectHandle conn, uint flags)
    {
        int count = LibvirtError.Check(LibvirtNative.virConnectListAllDomains(conn, out nint* domains, flags));
        try
        {
            var handles = new SafeDomainHandle[count];
            for (int i = 0; i < count; i++)
            {
                handles[i] = new SafeDomainHandle(domains[i]);
            }

            return handles;
        }
        finally
        {
            Libc.free(domains);
        }
    }
}
