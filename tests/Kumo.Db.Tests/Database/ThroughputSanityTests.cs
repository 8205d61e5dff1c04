using System.Diagnostics;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Instances;
using Xunit.Abstractions;

namespace Kumo.Db.Tests.Database;

/// <summary>
/// Runs the compute manager's save pattern (compare-and-set on the task state) in volume and prints
/// the rate. Deliberately no timing assertion: CI machines vary; this catches functional breakage at
/// volume and gives a number to look at (`dotnet test --logger "console;verbosity=detailed"`).
/// </summary>
public sealed class ThroughputSanityTests(ITestOutputHelper output)
{
    private const int Saves = 2000;

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Compare_and_set_saves_in_volume(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var instances = Enumerable.Range(0, 8).Select(_ => TestInstances.New(taskState: null)).ToList();
        foreach (var instance in instances)
        {
            await db.Stores.Instances.CreateAsync(instance);
        }

        var single = await TimeAsync(1, instances, db.Stores.Instances);
        var concurrent = await TimeAsync(8, instances, db.Stores.Instances);

        output.WriteLine($"{kind}: {Saves / single.TotalSeconds:N0} saves/s from 1 task, {Saves / concurrent.TotalSeconds:N0} saves/s from 8 tasks");
        Assert.All(await db.Stores.Instances.ListAsync(), i => Assert.Null(i.TaskState));
    }

    private static async Task<TimeSpan> TimeAsync(int tasks, IReadOnlyList<Instance> instances, Kumo.Db.Stores.IInstanceStore store)
    {
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            // Each task owns instances t, t+tasks, ...: saves never conflict, as per-instance locks ensure in the manager.
            var own = instances.Where((_, i) => i % tasks == t).Select(i => i.Clone()).ToList();
            for (var i = 0; i < Saves / tasks; i++)
            {
                var instance = own[i % own.Count];
                var expected = instance.TaskState;
                instance.TaskState = expected is null ? TaskState.Spawning : null;
                await store.SaveAsync(instance, [expected]);
            }
        })));
        return stopwatch.Elapsed;
    }
}
