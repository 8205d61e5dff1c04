using Kumo.Messaging.InProcess;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;
using Kumo.Scheduler.Rpc;
using Kumo.Scheduler.Tests.Support;

namespace Kumo.Scheduler.Tests;

public sealed class SchedulerRpcTests
{
    [Fact]
    public async Task Select_destinations_over_the_bus_returns_the_selection_or_the_no_valid_host_text()
    {
        await using var world = await SchedulerWorld.OpenAsync();
        await world.AddHostAsync("h1", memoryMb: 512);
        var bus = new InProcessBus();
        await using var consumer = bus.Serve(Topics.Scheduler, world.NewScheduler());
        var client = new SchedulerRpcApi(bus, TimeSpan.FromSeconds(10));
        var uuid = Guid.NewGuid();

        var selection = Assert.Single(await client.SelectDestinationsAsync(RequestContext.Admin(), SchedulerWorld.Spec(), [uuid]));
        Assert.Equal((uuid, "h1"), (selection.InstanceUuid, selection.Host));

        var ex = await Assert.ThrowsAsync<RemoteErrorException>(() => client.SelectDestinationsAsync(RequestContext.Admin(), SchedulerWorld.Spec(), [Guid.NewGuid()]));
        Assert.Equal(nameof(NoValidHostException), ex.ExceptionType);
        Assert.Equal("No valid host was found: every compute host is full: h1 (ResourceFilter): 512 MB RAM requested, 0 MB available", ex.RemoteMessage);
    }
}
