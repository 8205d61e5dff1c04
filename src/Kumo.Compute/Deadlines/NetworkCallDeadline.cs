namespace Kumo.Compute.Deadlines;

/// <summary>
/// The deadline of one call to the network service (Compute:Deadlines:AllocateNetwork or
/// NetworkCall), on the one <see cref="Deadline"/> mechanism. The call is given a token that ends at
/// the deadline, and is not waited for past it (nor past the caller's cancellation) even when it
/// ignores that token: a server that never answers must not hold the operation.
/// </summary>
public static class NetworkCallDeadline
{
    public static async Task<T> RunAsync<T>(string step, string setting, TimeSpan limit, TimeProvider time, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        if (limit <= TimeSpan.Zero)
        {
            return await call(cancellationToken);
        }
        using var deadline = new Deadline(limit, time, cancellationToken);
        return await deadline.RunAsync(call, ex => new OperationTimedOutException(Describe(step, limit, setting), ex), abandonOnCancel: true);
    }

    public static async Task RunAsync(string step, string setting, TimeSpan limit, TimeProvider time, Func<CancellationToken, Task> call,
        CancellationToken cancellationToken) =>
        await RunAsync(step, setting, limit, time, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);

    public static string Describe(string step, TimeSpan limit, string setting) =>
        $"The network service did not answer ({step}) within its deadline of {limit.TotalSeconds:0} s (Compute:Deadlines:{setting}).";
}
