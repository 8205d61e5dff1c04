namespace Kumo.Compute.Deadlines;

/// <summary>
/// The one deadline mechanism of compute (whole operations and single network calls): a token that
/// ends at the deadline (on the injected clock) or with the caller's, and a runner that stops waiting
/// for the body at the deadline even when the body ignores that token. A native libvirt call that
/// never returns (LibvirtHost.Call), a hung QEMU monitor or a peer that never answers cannot hold the
/// caller past it. The abandoned body goes on running; it is handed to the caller's
/// <c>abandoned</c> callback so what it does late can be cleaned up, and its fault is always observed.
/// <para>
/// A body is abandoned <c>grace</c> after its token was cancelled, not at once: a body that honours
/// its token is then unwinding (a build's revert destroys the guest and deallocates the ports, real
/// I/O), and must be waited for so its undo comes before the final state. Without a grace the wait's
/// own cancellation callback runs before the body's (callbacks run last registered first), and every
/// timed-out body would look hung.
/// </para>
/// </summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationTokenSource? _graceTimer;
    private readonly CancellationToken _outer;
    private int _abandoned;
    private int _disposed;

    public Deadline(TimeSpan limit, TimeProvider time, CancellationToken outer, TimeSpan grace = default)
    {
        _outer = outer;
        _timer = new CancellationTokenSource(limit > TimeSpan.Zero ? limit : Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
        if (limit > TimeSpan.Zero && grace > TimeSpan.Zero)
        {
            _graceTimer = new CancellationTokenSource(limit + grace, time);
        }
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _timer.IsCancellationRequested;

    /// <summary>True once a body was left running past the deadline (or the caller's cancellation).</summary>
    public bool Abandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>
    /// Runs <paramref name="body"/> with <see cref="Token"/>. At the deadline, whether the body honours
    /// its token or not (then by the grace after it), throws what <paramref name="timedOut"/> makes of
    /// the cancellation. When the caller's own token ends first, an <see cref="OperationCanceledException"/>
    /// propagates; the body is left running at once only when <paramref name="abandonOnCancel"/> (else
    /// the caller waits for it to honour the cancellation, as a service stopping waits for its
    /// operations' undo, and at most until the deadline and grace).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> body, Func<OperationCanceledException, Exception> timedOut, bool abandonOnCancel,
        Action<Task>? abandoned = null)
    {
        // A caller that has given up already (an abandoned body going on to its next call) starts nothing.
        Token.ThrowIfCancellationRequested();
        var running = Start(body);
        var abandonAt = _graceTimer?.Token ?? _timer.Token;
        using var abandonOrCancelled = abandonOnCancel ? CancellationTokenSource.CreateLinkedTokenSource(_outer, abandonAt) : null;
        try
        {
            return await running.WaitAsync(abandonOrCancelled?.Token ?? abandonAt);
        }
        catch (OperationCanceledException ex) when (!running.IsCompleted)
        {
            var expired = Expired && !_outer.IsCancellationRequested;
            Abandon(running, expired ? abandoned : null);
            if (expired)
            {
                throw timedOut(ex);
            }
            throw;
        }
        catch (OperationCanceledException)
        {
            // The body ended as the wait was cut short: its own outcome stands (below).
        }
        try
        {
            return await running;
        }
        catch (OperationCanceledException ex) when (Expired && !_outer.IsCancellationRequested)
        {
            throw timedOut(ex);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> body, Func<OperationCanceledException, Exception> timedOut, bool abandonOnCancel,
        Action<Task>? abandoned = null) =>
        RunAsync(async ct =>
        {
            await body(ct);
            return true;
        }, timedOut, abandonOnCancel, abandoned);

    private Task<T> Start<T>(Func<CancellationToken, Task<T>> body)
    {
        try
        {
            return body(Token);
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private void Abandon(Task running, Action<Task>? abandoned)
    {
        Volatile.Write(ref _abandoned, 1);
        // The body still holds the token: the sources are disposed when it ends, not by the caller's
        // using (a token whose source is disposed throws from WaitHandle, which libvirt's retry waits on).
        _ = running.ContinueWith(static (t, state) =>
        {
            _ = t.Exception; // observed: an abandoned body's fault is the caller's callback's to report
            ((Deadline)state!).DisposeSources();
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        abandoned?.Invoke(running);
    }

    public void Dispose()
    {
        if (!Abandoned)
        {
            DisposeSources();
        }
    }

    private void DisposeSources()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _linked.Dispose();
            _timer.Dispose();
            _graceTimer?.Dispose();
        }
    }
}
