using Kumo.Virt.Libvirt.Host;
using Microsoft.Extensions.Logging;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// The driver's connection to libvirtd, kept usable (the role of Nova's libvirt Host): a connection
/// whose transport broke (libvirtd restarted) is replaced on next use, with its lifecycle events
/// registered again, so the compute service outlives a daemon restart instead of failing every call.
/// </summary>
public sealed partial class LibvirtHost(string uri, Action<DomainLifecycleEvent> onEvent, ILogger logger, TimeSpan? reconnectTimeout = null,
    LibvirtKeepAlive? keepAlive = null) : IDisposable
{
    /// <summary>How long <see cref="Call{T}"/> waits for libvirtd to answer again (a restart takes 1-3 s here).</summary>
    public static readonly TimeSpan DefaultReconnectTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly TimeSpan _reconnectTimeout = reconnectTimeout ?? DefaultReconnectTimeout;

    private readonly LibvirtKeepAlive _keepAlive = keepAlive ?? LibvirtKeepAlive.Default;

    /// <summary>
    /// How often a dead connection is looked for without waiting for the next call: lifecycle events
    /// only flow on a live connection, and a guest stopped right after a daemon restart must be seen.
    /// </summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    // An open that outlived its bound (the daemon accepted the socket and went silent): the next
    // Replace waits on it again rather than starting another, and uses it if it completed meanwhile.
    private Task<LibvirtConnection>? _opening;
    private LibvirtConnection? _connection;
    private IDisposable? _events;
    private Timer? _watch;
    private int _generation;

    /// <summary>How many connections were opened so far (1 after Open; each reconnect adds one).</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Opens the first connection (the event loop must run first, see <see cref="LibvirtEventLoop"/>).</summary>
    public LibvirtConnection Open()
    {
        lock (_lock)
        {
            Replace();
            _watch = new Timer(_ => Watch(), null, WatchInterval, WatchInterval);
            return _connection!;
        }
    }

    // A timer callback that throws ends the process: everything is caught here.
    private void Watch()
    {
        try
        {
            _ = Get();
        }
        catch (Exception ex)
        {
            LogStillDown(uri, ex.Message); // libvirtd not back yet, or shutting down: the next tick tries again
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
            if (_connection is null)
            {
                throw new ObjectDisposedException(nameof(LibvirtHost));
            }
            if (!_connection.IsAlive)
            {
                LogReconnecting(uri);
                Replace();
                LogReconnected(uri);
            }
            return _connection;
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> on a live connection. When libvirtd goes away before or during the
    /// call (the connection is dead afterwards), waits for it to answer again, up to the reconnect
    /// timeout, and runs the call again on the new connection: calls must be safe to repeat (look up
    /// and act on what is found). Nova's libvirt driver fails the operation at once (libvirtError:
    /// "End of file while reading data"); its build is rescheduled and its delete ends in ERROR.
    /// An error on a live connection (libvirt refusing the request) is thrown at once.
    /// </summary>
    public T Call<T>(Func<LibvirtConnection, T> call, CancellationToken cancellationToken = default)
    {
        var giveUp = Environment.TickCount64 + (long)_reconnectTimeout.TotalMilliseconds;
        while (true)
        {
            LibvirtConnection connection;
            try
            {
                connection = Get();
            }
            catch (LibvirtException ex)
            {
                WaitOrGiveUp(giveUp, ex, cancellationToken);
                continue;
            }
            try
            {
                return call(connection);
            }
            catch (LibvirtException ex) when (!connection.IsAlive)
            {
                LogCallInterrupted(uri, ex.LibvirtMessage);
                WaitOrGiveUp(giveUp, ex, cancellationToken);
            }
        }
    }

    private void WaitOrGiveUp(long giveUpTick, LibvirtException cause, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 >= giveUpTick)
        {
            throw new LibvirtUnreachableException(
                $"libvirtd ({uri}) did not answer for {_reconnectTimeout.TotalSeconds:0} s (Libvirt:ReconnectTimeout): {cause.LibvirtMessage}", cause);
        }
        cancellationToken.WaitHandle.WaitOne(RetryPause);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Replace()
    {
        var fresh = OpenBounded();
        IDisposable events;
        try
        {
            StartKeepAlive(fresh);
            events = fresh.RegisterLifecycleEvents(onEvent);
        }
        catch
        {
            fresh.Dispose(); // libvirtd still coming up: try again on next use, leaking nothing
            throw;
        }
        var (oldConnection, oldEvents) = (_connection, _events);
        (_connection, _events) = (fresh, events);
        Interlocked.Increment(ref _generation);
        DisposeQuietly(oldEvents);
        DisposeQuietly(oldConnection);
    }

    /// <summary>
    /// virConnectOpen, given as long as keepalive gives a silent daemon (interval x (count + 1)): the open's
    /// own handshake has no keepalive, and a daemon that accepts the socket but never answers would hold it,
    /// and with it every call waiting for this lock, for ever. Past the bound it fails as a transient error
    /// (so calls wait for the daemon up to the reconnect timeout); the open itself goes on in the background.
    /// </summary>
    private LibvirtConnection OpenBounded()
    {
        if (_keepAlive.SilenceBound is not { } bound)
        {
            return LibvirtConnection.Open(uri);
        }
        var opening = _opening ??= Task.Factory.StartNew(() => LibvirtConnection.Open(uri), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)opening).AsyncWaitHandle.WaitOne(bound))
        {
            throw new LibvirtException((int)LibvirtErrorCode.OperationTimeout, (int)LibvirtErrorDomain.Rpc,
                $"libvirtd ({uri}) accepted the connection but did not answer its open within {bound.TotalSeconds:0} s (Libvirt:KeepAliveIntervalSeconds x (KeepAliveCount + 1))");
        }
        _opening = null;
        return opening.GetAwaiter().GetResult();
    }

    // libvirt's client sends none unless asked (virsh asks for 5 s x 6): without it a daemon that stops
    // answering without closing the socket holds every call in flight for ever.
    private void StartKeepAlive(LibvirtConnection connection)
    {
        if (_keepAlive.SilenceBound is not null && !connection.SetKeepAlive(_keepAlive.IntervalSeconds, _keepAlive.Count))
        {
            LogNoKeepAlive(uri);
        }
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
        _watch?.Dispose();
        lock (_lock)
        {
            DisposeQuietly(_events);
            DisposeQuietly(_connection);
            (_connection, _events) = (null, null);
            // An open still hanging is closed whenever it completes.
            _opening?.ContinueWith(t => DisposeQuietly(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            _opening = null;
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "The connection to {Uri} broke (libvirtd restarted?); reconnecting")]
    private partial void LogReconnecting(string uri);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "{Uri} is still unreachable: {Reason}")]
    private partial void LogStillDown(string uri, string reason);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "A call to {Uri} broke with the connection ({Reason}); it runs again once libvirtd answers")]
    private partial void LogCallInterrupted(string uri, string reason);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "{Uri} does not support keepalive: a daemon that hangs holds the calls waiting on it")]
    private partial void LogNoKeepAlive(string uri);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Reconnected to {Uri}")]
    private partial void LogReconnected(string uri);
}
