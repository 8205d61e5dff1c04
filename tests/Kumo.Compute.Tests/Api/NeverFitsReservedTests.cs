using Kumo.Compute.Tests.Support;
using Kumo.Objects.Flavors;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Api;

/// <summary>
/// A flavor that fits a host's total but not its total less what is reserved for the host itself is
/// refused with a 400 at the API, never accepted to become an ERROR server.
/// </summary>
public sealed class NeverFitsReservedTests
{
    [Theory]
    [InlineData(1, 4096, 1, "4096 MB RAM requested, 3584 MB available")]
    [InlineData(5, 512, 1, "5 vcpus requested, 4 available")]
    [InlineData(1, 512, 95, "95 GB disk requested, 90 GB available")]
    public async Task A_flavor_that_fits_only_the_unreserved_total_is_a_400_and_creates_nothing(int vcpus, int memoryMb, int rootGb, string reason)
    {
        // 2 vcpus (1 reserved, ratio 4), 4096 MB (512 reserved), 100 GB (10 GB reserved).
        var host = new FakeDriverBehaviour { Resources = new HostResources("h", "node", 2, 4096, 100, "fake", 1) };
        await using var fake = await FakeCloud.StartAsync(host, o =>
        {
            o.Compute.ReservedHostCpus = 1;
            o.Compute.ReservedHostDiskMb = 10 * 1024;
        });
        await fake.Cloud.Stores.Flavors.CreateAsync(new Flavor { Id = "edge", Name = "edge", Vcpus = vcpus, MemoryMb = memoryMb, RootGb = rootGb });

        var ex = await Assert.ThrowsAsync<Kumo.Scheduler.NoValidHostException>(() => fake.CreateAsync(flavorId: "edge"));

        Assert.Equal(400, ex.Code);
        Assert.Contains(reason, ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }
}
