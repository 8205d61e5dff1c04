using Kumo.Virt.Libvirt.Host;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// The driver's connection to libvirtd, kept usable (the role of Nova's libvirt Host): a connection
/// whose transport broke (libvirtd restarted) is replaced on next use, with its lifecycle events
/// registered again, so the compute service outlives a daemon restart instead of failing every call.
/// </summary>
public sealed partial class LibvirtHost(string uri, Action<DomainLifecycleEvent> onEvent, ILogger logger) : IDisposable
{
    private readonly Lock _lock = new();
    private LibvirtConnection? _connection;
    private IDisposable? _events;

    /// <summary>Opens the first connection (the event loop must run first, see <see cref="LibvirtEventLoop"/>).</summary>
    public LibvirtConnection Open()
    {
        lock (_lock)
        {
            Replace();
            return _connection!;
        }
    }

    /// <summary>A live connection: the current one, or a new one when the daemon went away meanwhile.</summary>
    public LibvirtConnection Get()
    {
        var current = _connection ?? throw new InvalidOperationException("The libvirt host has not been opened.");
        if (current.IsAlive)
        {
            return current;
        }
        lock (_lock)
        {
            if (!_connection!.IsAlive)
            {
                LogReconnecting(uri);
                Replace();
                LogReconnected(uri);
            }
            return _connection;
        }
    }

    private void Replace()
    {
        var fresh = LibvirtConnection.Open(uri);
        var events = fresh.RegisterLifecycleEvents(onEvent);
        var (oldConnection, oldEvents) = (_connection, _events);
        (_connection, _events) = (fresh, events);
        DisposeQuietly(oldEvents);
        DisposeQuietly(oldConnection);
    }

    // A dead connection's deregistration fails with libvirt's "client socket is closed": nothing to undo.
    private static void DisposeQuietly(IDisposable? disposable)
    {
        try
        {
            disposable?.Dispose();
        }
        catch (LibvirtException)
        {
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            DisposeQuietly(_events);
            DisposeQuietly(_connection);
            (_connection, _events) = (null, null);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "The connection to {Uri} broke (libvirtd restarted?); reconnecting")]
    private partial void LogReconnecting(string uri);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Reconnected to {Uri}")]
    private partial void LogReconnected(string uri);
}
