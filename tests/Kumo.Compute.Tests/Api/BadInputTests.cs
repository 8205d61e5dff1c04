using Kumo.Compute.Api;
using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Api;

/// <summary>Bad input gets a clear 400-class error and creates nothing.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task An_unknown_flavor_is_rejected_and_nothing_is_created()
    {
        await using var fake = await FakeCloud.StartAsync();
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => fake.CreateAsync(flavorId: "no-such-flavor"));
        Assert.Equal(400, ex.Code);
        Assert.Contains("Flavor no-such-flavor could not be found", ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }

    [Fact]
    public async Task An_unknown_image_is_rejected_and_nothing_is_created()
    {
        await using var fake = await FakeCloud.StartAsync();
        var missing = Guid.NewGuid();
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            fake.Cloud.Api.CreateAsync(fake.NewRequest(), new CreateServerRequest("s", "1", missing, [])));
        Assert.Contains($"Image {missing} could not be found", ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }

    [Fact]
    public async Task An_image_without_data_is_rejected()
    {
        await using var fake = await FakeCloud.StartAsync();
        var queued = await fake.Cloud.Images.CreateAsync(new ImageMeta { Id = Guid.NewGuid(), Name = "empty", DiskFormat = "raw", Visibility = ImageVisibility.Public });
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            fake.Cloud.Api.CreateAsync(fake.NewRequest(), new CreateServerRequest("s", "1", queued.Id, [])));
        Assert.Contains("is not active", ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }

    [Fact]
    public async Task A_flavor_larger_than_every_host_is_rejected_naming_the_host()
    {
        var small = new FakeDriverBehaviour { Resources = new HostResources("h", "small-node", 2, 4096, 100, "fake", 1) };
        await using var fake = await FakeCloud.StartAsync(small);
        await fake.Cloud.Stores.Flavors.CreateAsync(new Flavor { Id = "huge", Name = "huge", Vcpus = 1, MemoryMb = 65536, RootGb = 1 });

        var ex = await Assert.ThrowsAsync<Kumo.Scheduler.NoValidHostException>(() => fake.CreateAsync(flavorId: "huge"));
        Assert.Equal(400, ex.Code);
        Assert.Contains("larger than every compute host", ex.Message);
        // 4096 MB host less the 512 MB reserved for the host itself (reserved_host_memory_mb).
        Assert.Contains("compute-1 (ResourceFilter): 65536 MB RAM requested, 3584 MB available", ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }

    [Fact]
    public async Task A_full_host_gives_an_error_server_whose_fault_names_what_is_missing()
    {
        var small = new FakeDriverBehaviour { Resources = new HostResources("h", "small-node", 2, 1024, 100, "fake", 1) };
        await using var fake = await FakeCloud.StartAsync(small);
        var first = await fake.BootAsync("first");
        Assert.Equal(VmState.Active, first.VmState);

        var second = await fake.BootAsync("second");

        Assert.Equal(VmState.Error, second.VmState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(second.Uuid);
        Assert.NotNull(fault);
        Assert.Contains("every compute host is full", fault.Message);
        // 1024 MB host, 512 MB reserved for the host itself, 512 MB held by the first server.
        Assert.Contains("compute-1 (ResourceFilter): 512 MB RAM requested, 0 MB available", fault.Message);
        Assert.Equal(500, fault.Code);
    }

    [Fact]
    public async Task An_unknown_network_is_rejected_up_front()
    {
        await using var fake = await FakeCloud.StartAsync();
        var unknown = Guid.NewGuid();
        var ex = await Assert.ThrowsAnyAsync<KumoException>(() =>
            fake.Cloud.Api.CreateAsync(fake.NewRequest(), new CreateServerRequest("s", "1", fake.Image.Id, [new RequestedNetwork(unknown)])));
        Assert.Equal(400, ex.Code);
        Assert.Contains($"Network {unknown} could not be found", ex.Message);
        Assert.Empty(await fake.Cloud.Stores.Instances.ListAsync());
    }

    [Fact]
    public async Task A_kernel_image_cannot_be_booted_on_its_own()
    {
        await using var fake = await FakeCloud.StartAsync();
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, new byte[16]);
        var kernel = await GuestImages.UploadAsync(fake.Cloud.Images, "vmlinuz", "aki", "aki", path, new Dictionary<string, string>());
        File.Delete(path);
        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            fake.Cloud.Api.CreateAsync(fake.NewRequest(), new CreateServerRequest("s", "1", kernel.Id, [])));
        Assert.Contains("cannot be booted on its own", ex.Message);
    }
}
