using Kumo.Compute.Deadlines;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Compute.Tests.Deadlines;

/// <summary>The one deadline mechanism under OperationDeadline and NetworkCallDeadline.</summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Exception TimedOut(OperationCanceledException ex) => new OperationTimedOutException("ran out of time", ex);

    [Fact]
    public async Task A_body_that_ends_in_time_gives_its_result()
    {
        using var deadline = new Deadline(Limit, new FakeTimeProvider(), CancellationToken.None);

        Assert.Equal(42, await deadline.RunAsync(_ => Task.FromResult(42), TimedOut, abandonOnCancel: false));
        Assert.False(deadline.Abandoned);
    }

    [Fact]
    public async Task A_body_that_ignores_its_token_is_abandoned_at_the_deadline_and_its_late_fault_goes_to_the_callback()
    {
        var time = new FakeTimeProvider();
        var hung = new TaskCompletionSource<int>();
        Task? abandoned = null;
        CancellationToken seen = default;
        var deadline = new Deadline(Limit, time, CancellationToken.None, Grace);
        var run = deadline.RunAsync(ct =>
        {
            seen = ct;
            return hung.Task;
        }, TimedOut, abandonOnCancel: false, t => abandoned = t);

        time.Advance(Limit);
        Assert.True(seen.IsCancellationRequested);
        Assert.False(run.IsCompleted); // within the grace: it may be unwinding
        time.Advance(Grace);
        var ex = await Assert.ThrowsAsync<OperationTimedOutException>(() => run.WaitAsync(Wait));
        deadline.Dispose();

        Assert.True(deadline.Abandoned);
        Assert.NotNull(abandoned);
        Assert.False(abandoned.IsCompleted);
        // Still usable by the body that holds it (libvirt's retry waits on its WaitHandle).
        Assert.True(seen.WaitHandle.WaitOne(0));
        hung.SetException(new InvalidOperationException("late"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => abandoned);
        Assert.IsType<OperationCanceledException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task A_body_that_honours_its_token_is_waited_for_while_it_unwinds_and_is_not_abandoned()
    {
        var time = new FakeTimeProvider();
        var undo = new TaskCompletionSource();
        var undone = false;
        using var deadline = new Deadline(Limit, time, CancellationToken.None, Grace);
        var run = deadline.RunAsync(async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                await undo.Task; // a revert doing I/O
                undone = true;
            }
        }, TimedOut, abandonOnCancel: false, _ => Assert.Fail("abandoned"));

        time.Advance(Limit);
        Assert.False(run.IsCompleted);
        undo.SetResult();

        await Assert.ThrowsAsync<OperationTimedOutException>(() => run.WaitAsync(Wait));
        Assert.True(undone);
        Assert.False(deadline.Abandoned);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_callers_cancellation_abandons_the_body_only_when_asked_to(bool abandonOnCancel)
    {
        using var outer = new CancellationTokenSource();
        var hung = new TaskCompletionSource();
        var time = new FakeTimeProvider();
        using var deadline = new Deadline(Limit, time, outer.Token, Grace);
        var run = deadline.RunAsync(_ => hung.Task, TimedOut, abandonOnCancel);

        await outer.CancelAsync();

        if (abandonOnCancel)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Wait));
        }
        else
        {
            await Task.Delay(50);
            Assert.False(run.IsCompleted); // a stopping service waits for its operation's undo
            hung.SetResult();
            await run.WaitAsync(Wait);
        }
    }
}
