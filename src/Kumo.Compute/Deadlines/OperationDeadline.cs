namespace Kumo.Compute.Deadlines;

/// <summary>
/// The deadline of one running operation: a token that is cancelled when the caller's is or when the
/// time is up (on the injected clock), and a runner that turns the latter into an
/// <see cref="OperationTimedOutException"/> naming the step, so the wrappers record it as the fault.
/// </summary>
public sealed class OperationDeadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly string _operation;
    private readonly string _setting;
    private readonly TimeSpan _limit;

    public OperationDeadline(string operation, string setting, TimeSpan limit, TimeProvider time, CancellationToken outer)
    {
        _operation = operation;
        _setting = setting;
        _limit = limit;
        _timer = new CancellationTokenSource(limit > TimeSpan.Zero ? limit : Timeout.InfiniteTimeSpan, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _timer.IsCancellationRequested;

    /// <summary>Runs <paramref name="body"/> with the deadline's token; <paramref name="step"/> says where it was when time ran out.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> body, Func<string> step)
    {
        try
        {
            await body(Token);
        }
        catch (OperationCanceledException ex) when (Expired)
        {
            throw new OperationTimedOutException(OperationTimedOutException.Describe(_operation, _limit, _setting, step()), ex);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
