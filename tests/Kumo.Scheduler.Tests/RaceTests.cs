using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Tests.Support;

namespace Kumo.Scheduler.Tests;

/// <summary>Two schedulers over one store: the generation check is all that keeps them from overcommitting.</summary>
public sealed class RaceTests
{
    [Fact]
    public async Task Two_schedulers_racing_for_the_last_slots_place_exactly_what_fits()
    {
        const int hosts = 4, slotsPerHost = 5, attemptsPerScheduler = 20;
        await using var world = await SchedulerWorld.OpenAsync(onFile: true);
        for (var i = 0; i < hosts; i++)
        {
            await world.AddHostAsync($"h{i}", vcpus: 64, memoryMb: slotsPerHost * 512, diskGb: 100);
        }
        var schedulers = new[] { world.NewScheduler(), world.NewScheduler() };
        // Every decision released together on its own thread: the two schedulers really overlap.
        using var start = new Barrier(2 * attemptsPerScheduler);
        var attempts = schedulers.SelectMany(s => Enumerable.Range(0, attemptsPerScheduler).Select(_ => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait();
            try
            {
                await s.Scheduler.SelectDestinationsAsync(SchedulerWorld.Spec(), [Guid.NewGuid()]);
                return true;
            }
            catch (NoValidHostException)
            {
                return false;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())).ToList();

        var placed = (await Task.WhenAll(attempts)).Count(p => p);

        Assert.Equal(hosts * slotsPerHost, placed);
        foreach (var provider in await world.Stores.Placement.ListProvidersAsync())
        {
            var memory = provider.Inventories[ResourceClasses.MemoryMb];
            Assert.Equal(memory.Capacity, memory.Used);
        }
        Assert.True(schedulers.Sum(s => s.Scheduler.GenerationConflicts) > 0, "the schedulers never collided, so the race was not exercised");
    }
}
