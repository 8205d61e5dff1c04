namespace Kumo.Compute.Deadlines;

/// <summary>
/// The deadline of one running operation (Compute:Deadlines:Build, Delete, Stop, Start, Reboot) on the
/// one <see cref="Deadline"/> mechanism: at the deadline the operation stops waiting for its body,
/// even a body stuck in a call that ignores its token, and an <see cref="OperationTimedOutException"/>
/// naming the step lets the wrappers record it as the fault and end the server in its final state.
/// Nova has only instance_build_timeout (0, off, by default) and only for BUILD; its delete, stop,
/// start and reboot wait for as long as a libvirt call hangs.
/// </summary>
public sealed class OperationDeadline(string operation, string setting, TimeSpan limit, TimeProvider time, CancellationToken outer,
    TimeSpan abandonGrace = default) : IDisposable
{
    private readonly Deadline _deadline = new(limit, time, outer, abandonGrace);

    public CancellationToken Token => _deadline.Token;

    public bool Expired => _deadline.Expired;

    /// <summary>The body was left running past the deadline; what it holds must be given back without it.</summary>
    public bool Abandoned => _deadline.Abandoned;

    /// <summary>
    /// Runs <paramref name="body"/> with the deadline's token; <paramref name="step"/> says where it was
    /// when time ran out. A body still running <c>abandonGrace</c> after that is handed to
    /// <paramref name="abandoned"/> (one that honours its token is unwinding meanwhile). The
    /// caller's own cancellation (the service stopping) is waited out as before: the body's undo runs
    /// before the service closes its store.
    /// </summary>
    public Task RunAsync(Func<CancellationToken, Task> body, Func<string> step, Action<Task>? abandoned = null) =>
        _deadline.RunAsync(body, ex => new OperationTimedOutException(OperationTimedOutException.Describe(operation, limit, setting, step()), ex),
            abandonOnCancel: false, abandoned);

    public void Dispose() => _deadline.Dispose();
}
