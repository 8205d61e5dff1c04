using Kumo.Compute.Locking;

namespace Kumo.Compute.Tests.Locking;

public sealed class InstanceLocksTests
{
    [Fact]
    public async Task Operations_on_one_instance_never_interleave()
    {
        var locks = new InstanceLocks();
        var uuid = Guid.NewGuid();
        var inside = 0;
        var maxInside = 0;
        async Task Operation()
        {
            using var _ = await locks.AcquireAsync(uuid);
            var now = Interlocked.Increment(ref inside);
            for (var seen = Volatile.Read(ref maxInside); now > seen; seen = Volatile.Read(ref maxInside))
            {
                Interlocked.CompareExchange(ref maxInside, now, seen);
            }
            await Task.Delay(2);
            Interlocked.Decrement(ref inside);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(Operation)));

        Assert.Equal(1, maxInside);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task Another_instance_is_not_held_up_by_a_held_lock()
    {
        var locks = new InstanceLocks();
        using var held = await locks.AcquireAsync(Guid.NewGuid());

        var other = locks.AcquireAsync(Guid.NewGuid());

        Assert.True(other.IsCompleted, "a different instance's lock waited for a held one");
        (await other).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_leak_an_entry()
    {
        var locks = new InstanceLocks();
        var uuid = Guid.NewGuid();
        var held = await locks.AcquireAsync(uuid);
        using var cts = new CancellationTokenSource(20);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.AcquireAsync(uuid, cts.Token));
        held.Dispose();
        Assert.Equal(0, locks.Count);
    }
}
