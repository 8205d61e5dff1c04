using Kumo.TestSupport;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Driver;

/// <summary>
/// <see cref="LibvirtHost.Call{T}"/> when libvirtd goes away and comes back, over a proxy of the real
/// daemon's socket (<see cref="DaemonSocketProxy"/>): the call waits for the daemon and runs again, or
/// gives up at the reconnect timeout with an error naming libvirtd and the setting. Nova's libvirt
/// driver fails such a call at once ("End of file while reading data").
/// </summary>
public sealed class LibvirtHostReconnectTests
{
    // LibvirtHost's "A call to {Uri} broke with the connection" log.
    private const int CallInterruptedEventId = 3016;

    [DaemonFact]
    public async Task A_call_cut_off_by_the_daemon_going_away_runs_again_on_a_new_connection_once_it_answers()
    {
        using var proxy = new DaemonSocketProxy();
        proxy.Start();
        LibvirtEventLoop.EnsureStarted();
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = new LibvirtHost(proxy.Uri, _ => { }, new OnEventLogger(CallInterruptedEventId, () => interrupted.TrySetResult()),
            TimeSpan.FromSeconds(30));
        var expected = host.Open().LibVersion;
        var attempts = 0;

        // The daemon goes away just as the first attempt is made.
        var call = Task.Run(() => host.Call(c =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                proxy.Stop();
            }
            return c.LibVersion;
        }));
        await interrupted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(call.IsCompleted, "the call did not wait for the daemon");
        proxy.Start();

        Assert.Equal(expected, await call.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(2, attempts);
        Assert.True(host.Generation > 1, "the call ran again on the old connection");
    }

    [DaemonFact]
    public async Task A_call_the_daemon_stops_answering_without_closing_the_socket_is_cut_off_by_keepalive_and_runs_again_on_a_new_connection()
    {
        using var proxy = new DaemonSocketProxy();
        proxy.Start();
        LibvirtEventLoop.EnsureStarted();
        // Probes after 1 s of silence, closed after 2 unanswered: the wedged call ends within about 3 s.
        using var host = new LibvirtHost(proxy.Uri, _ => { }, NullLogger.Instance, TimeSpan.FromSeconds(30), new LibvirtKeepAlive(1, 2));
        var expected = host.Open().LibVersion;
        var attempts = 0;

        // The daemon hangs just as the first attempt is made: its request is never answered, the socket stays open.
        var call = Task.Run(() => host.Call(c =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                proxy.WedgeOpenConnections();
            }
            return c.LibVersion;
        }));

        try
        {
            // Without keepalive the call waits in poll() for as long as the socket stays open.
            Assert.Equal(expected, await call.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(2, attempts);
            Assert.True(host.Generation > 1, "the call ran again on the wedged connection");
        }
        finally
        {
            // A call still waiting ends with the socket, rather than holding the host's dispose for ever.
            proxy.Stop();
        }
    }

    [DaemonFact]
    public async Task A_daemon_that_accepts_the_socket_but_never_answers_the_open_fails_the_call_at_the_reconnect_timeout()
    {
        using var proxy = new DaemonSocketProxy();
        proxy.Start();
        LibvirtEventLoop.EnsureStarted();
        // Keepalive 1 s x 1: the silent connection is closed within about 2 s, and a reopen is given 2 s.
        using var host = new LibvirtHost(proxy.Uri, _ => { }, NullLogger.Instance, TimeSpan.FromSeconds(3), new LibvirtKeepAlive(1, 1));
        host.Open();
        proxy.WedgeNewConnections = true;
        proxy.WedgeOpenConnections();
        try
        {
            // Without a bound on the open, the reconnect waits in poll() for as long as the socket stays open.
            var call = Task.Run(() => host.Call(c => c.LibVersion));
            var error = await Assert.ThrowsAsync<LibvirtUnreachableException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.StartsWith($"libvirtd ({proxy.Uri}) did not answer for 3 s (Libvirt:ReconnectTimeout): ", error.Message);
            Assert.Contains("accepted the connection but did not answer its open within 2 s", error.Message);
        }
        finally
        {
            proxy.Stop();
        }
    }

    [DaemonFact]
    public void A_daemon_that_stays_away_past_the_reconnect_timeout_fails_the_call_naming_libvirtd_and_the_setting()
    {
        using var proxy = new DaemonSocketProxy();
        proxy.Start();
        LibvirtEventLoop.EnsureStarted();
        using var host = new LibvirtHost(proxy.Uri, _ => { }, NullLogger.Instance, TimeSpan.FromSeconds(1));
        host.Open();
        proxy.Stop();

        var error = Assert.Throws<LibvirtUnreachableException>(() => host.Call(c => c.LibVersion));

        Assert.StartsWith($"libvirtd ({proxy.Uri}) did not answer for 1 s (Libvirt:ReconnectTimeout): ", error.Message);
        Assert.Contains(proxy.SocketPath, error.Message); // libvirt's own words: the socket it could not reach
    }

    [DaemonFact]
    public void An_error_on_a_live_connection_is_not_retried()
    {
        using var proxy = new DaemonSocketProxy();
        proxy.Start();
        LibvirtEventLoop.EnsureStarted();
        using var host = new LibvirtHost(proxy.Uri, _ => { }, NullLogger.Instance, TimeSpan.FromSeconds(30));
        host.Open();
        var calls = 0;

        var error = Assert.Throws<LibvirtException>(() => host.Call(c =>
        {
            calls++;
            return c.LookupByUuid(Guid.NewGuid());
        }));

        Assert.True(error.IsNotFound, error.Message);
        Assert.Equal(1, calls);
        Assert.Equal(1, host.Generation);
    }
}

/// <summary>Needs libvirtd on its usual socket: skipped where it is not running, except in CI (<see cref="HostTestPolicy.Required"/>), where the test runs and fails.</summary>
public sealed class DaemonFactAttribute : FactAttribute
{
    public DaemonFactAttribute()
    {
        if (!DaemonSocketProxy.DaemonAvailable && !HostTestPolicy.Required)
        {
            Skip = $"libvirtd is not running ({DaemonSocketProxy.DaemonSocket} is missing).";
        }
    }
}

/// <summary>Calls back when a message with the given event id is logged.</summary>
internal sealed class OnEventLogger(int eventId, Action callback) : Microsoft.Extensions.Logging.ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId id, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (id.Id == eventId)
        {
            callback();
        }
    }
}
