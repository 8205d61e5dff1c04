using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// A listening TCP socket inside a named network namespace, opened from this process: a dedicated
/// thread enters the namespace (setns(2), which moves only the calling thread), creates and binds
/// the socket, and returns to the process's namespace. A socket keeps the namespace it was created
/// in, so the agent serves it like any other, and closing it leaves nothing behind (no process).
/// </summary>
internal static partial class NamespaceListener
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Open(string netns, IPEndPoint endpoint)
    {
        Socket? listener = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                listener = OpenInNamespace(netns, endpoint);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { IsBackground = true, Name = "netns " + netns };
        thread.Start();
        thread.Join();
        return listener ?? throw new InvalidOperationException($"Cannot listen on {endpoint} in namespace {netns}: {failure?.Message}", failure);
    }

    private static Socket OpenInNamespace(string netns, IPEndPoint endpoint)
    {
        using var own = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle(Path.Combine("/run/netns", netns));
        Enter(target);
        try
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(endpoint);
                socket.Listen(128);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        finally
        {
            // Should the way back fail, the thread ends here anyway: no other work ever runs on it.
            _ = SetNs(own, CloneNewNet);
        }
    }

    private static void Enter(SafeFileHandle ns)
    {
        if (SetNs(ns, CloneNewNet) != 0)
        {
            throw new IOException($"setns failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(SafeFileHandle fd, int nstype);
}
