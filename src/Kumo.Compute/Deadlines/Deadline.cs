namespace Kumo.Compute.Deadlines;

/// <summary>
/// The one deadline mechanism of compute (whole operations and single network calls): a token that
/// ends at the deadline (on the injected clock) or with the caller's, and a runner that stops waiting
/// for the body at the deadline even when the body ignores that token. A native libvirt call that
/// never returns (LibvirtHost.Call), a hung QEMU monitor or a peer that never answers cannot hold the
/// caller past it. The abandoned body goes on running; it is handed to the caller's
/// <c>abandoned</c> callback so what it does late can be cleaned up, and its fault is always observed.
/// </summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _outer;
    private int _abandoned;
    private int _disposed;

    public Deadline(TimeSpan limit, TimeProvider time, CancellationToken outer)
    {
        _outer = outer;
        _timer = new CancellationTokenSource(limit > TimeSpan.Zero ? limit : Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _timer.IsCancellationRequested;

    /// <summary>True once a body was left running past the deadline (or the caller's cancellation).</summary>
    public bool Abandoned => Volatile.Read(ref _abandoned) == 1;

    /// <summary>
    /// Runs <paramref name="body"/> with <see cref="Token"/>. At the deadline, whether the body honours
    /// its token or not, throws what <paramref name="timedOut"/> makes of the cancellation. When the
    /// caller's own token ends first, an <see cref="OperationCanceledException"/> propagates; the body
    /// is left running only when <paramref name="abandonOnCancel"/> (else the caller waits for it to
    /// honour the cancellation, as a service stopping waits for its operations' undo).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> body, Func<OperationCanceledException, Exception> timedOut, bool abandonOnCancel,
        Action<Task>? abandoned = null)
    {
        // A caller that has given up already (an abandoned body going on to its next call) starts nothing.
        Token.ThrowIfCancellationRequested();
        var running = Start(body);
        try
        {
            return await running.WaitAsync(abandonOnCancel ? Token : _timer.Token);
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
        }
    }
}
