using System.Runtime.InteropServices;

namespace Kumo.Virt.Libvirt.Interop;

// C layouts from libvirt's headers. "unsigned long" is CULong: 64-bit on Linux x64, 32-bit elsewhere.

/// <summary>struct _virNodeInfo (libvirt-host.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VirNodeInfo
{
    public fixed byte Model[32];
    public CULong Memory;
    public uint Cpus;
    public uint Mhz;
    public uint Nodes;
    public uint Sockets;
    public uint Cores;
    public uint Threads;
}

/// <summary>struct _virDomainInfo (libvirt-domain.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirDomainInfo
{
    public byte State;
    public CULong MaxMem;
    public CULong Memory;
    public ushort NrVirtCpu;
    public ulong CpuTime;
}

/// <summary>struct _virError (virterror.h). Strings are owned by libvirt until virResetError.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VirError
{
    public int Code;
    public int Domain;
    public nint Message;
    public int Level;
    public nint Conn;
    public nint Dom;
    public nint Str1;
    public nint Str2;
    public nint Str3;
    public int Int1;
    public int Int2;
    public nint Net;
}
