using System.Net.Sockets;

namespace Kumo.Virt.Libvirt.Tests.Driver;

/// <summary>
/// A Unix socket that forwards to this machine's libvirtd (/run/libvirt/libvirt-sock): stopping it is,
/// for a client connected through it, libvirtd going away (every connection closed, new ones refused),
/// without disturbing the real daemon or anyone else's connections.
/// </summary>
public sealed class DaemonSocketProxy : IDisposable
{
    public const string DaemonSocket = "/run/libvirt/libvirt-sock";

    private readonly Lock _lock = new();
    private readonly List<Socket> _open = [];
    private readonly List<Forwarding> _forwarding = [];
    private Socket? _listener;

    public string SocketPath { get; } = Path.Combine(Path.GetTempPath(), $"kumo-libvirt-proxy-{Guid.NewGuid():N}.sock");

    /// <summary>A URI to qemu:///system through this proxy.</summary>
    public string Uri => $"qemu+unix:///system?socket={SocketPath}";

    public static bool DaemonAvailable => File.Exists(DaemonSocket);

    public void Start()
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(16);
        lock (_lock)
        {
            _listener = listener;
        }
        _ = Task.Run(() => AcceptAsync(listener));
    }

    /// <summary>Closes every forwarded connection and stops listening (connect now fails: no such file).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
            foreach (var socket in _open)
            {
                socket.Dispose();
            }
            _open.Clear();
        }
        File.Delete(SocketPath);
    }

    /// <summary>
    /// The connections open now stay open but nothing more crosses them, either way: for their client, a daemon
    /// that hangs without closing its socket. New connections are forwarded as before.
    /// </summary>
    public void WedgeOpenConnections()
    {
        lock (_lock)
        {
            foreach (var forwarding in _forwarding)
            {
                forwarding.Wedged = true;
            }
            _forwarding.Clear();
        }
    }

    /// <summary>New connections are accepted and then never answered (nothing forwarded, nothing closed): a daemon that hangs.</summary>
    public bool WedgeNewConnections { get; set; }

    private async Task AcceptAsync(Socket listener)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync();
                if (WedgeNewConnections)
                {
                    lock (_lock)
                    {
                        _open.Add(client); // closed by Stop
                    }
                    continue;
                }
                var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await daemon.ConnectAsync(new UnixDomainSocketEndPoint(DaemonSocket));
                }
                catch (SocketException)
                {
                    // The real libvirtd is down (another test restarting it): this client sees the daemon
                    // go away, and the proxy goes on accepting. Ending the loop here left the listener
                    // open and unanswered, so the client's next virConnectOpen waited in poll() for ever.
                    daemon.Dispose();
                    client.Dispose();
                    continue;
                }
                var forwarding = new Forwarding();
                lock (_lock)
                {
                    if (_listener != listener)
                    {
                        // Stopped while this one was connecting: it goes with the others.
                        daemon.Dispose();
                        client.Dispose();
                        continue;
                    }
                    _open.Add(client);
                    _open.Add(daemon);
                    _forwarding.Add(forwarding);
                }
                _ = PumpAsync(client, daemon, forwarding);
                _ = PumpAsync(daemon, client, forwarding);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // stopped: the listener was disposed
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, Forwarding forwarding)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer)) > 0)
            {
                if (forwarding.Wedged)
                {
                    return; // silence, not an end of file: both sockets stay open until Stop
                }
                await to.SendAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        from.Dispose();
        to.Dispose();
    }

    public void Dispose() => Stop();

    private sealed class Forwarding
    {
        public volatile bool Wedged;
    }
}
