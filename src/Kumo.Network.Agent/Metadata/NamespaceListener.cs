using System.Net;
using System.Net.Sockets;
using Kumo.OsVif.Linux;

namespace Kumo.Network.Agent.Metadata;

/// <summary>
/// A listening TCP socket inside a named network namespace, opened from this process
/// (<see cref="NetworkNamespaceThread"/>). The agent serves it like any other, and closing it leaves
/// nothing behind (no process).
/// </summary>
internal static class NamespaceListener
{
    public static Socket Open(string netns, IPEndPoint endpoint)
    {
        try
        {
            return NetworkNamespaceThread.Run(netns, () => Listen(endpoint));
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"Cannot listen on {endpoint} in namespace {netns}: {(ex.InnerException ?? ex).Message}", ex);
        }
    }

    private static Socket Listen(IPEndPoint endpoint)
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
}
