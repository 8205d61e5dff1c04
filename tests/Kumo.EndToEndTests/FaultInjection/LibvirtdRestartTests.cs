using System.Text.Json.Nodes;
using Kumo.Compute.Manager;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Host;

namespace Kumo.EndToEndTests.FaultInjection;

/// <summary>Tests that stop this machine's libvirtd: one at a time, never beside the assembly's other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibvirtdRestartCollection
{
    public const string Name = "libvirtd restarts";
}

/// <summary>One cloud for the class: the restarts are what is tested, not the start of a service.</summary>
public sealed class LibvirtdRestartCloud : IAsyncLifetime
{
    public LibvirtCloud Cloud { get; private set; } = null!;

    public async Task InitializeAsync() => Cloud = await LibvirtCloud.StartAsync();

    public async Task DisposeAsync() => await Cloud.DisposeAsync();
}

/// <summary>
/// libvirtd going away and coming back (an upgrade, a crash) during a build, during a delete and under a
/// running guest, through the real flow; each followed by the inventory check. Nova's libvirt Host
/// reconnects on the next call, but the call in flight fails ("End of file while reading data",
/// "Failed to connect socket"): the build is rescheduled and, on one host, ends "Exceeded maximum
/// number of retries"; the delete ends in ERROR for the user to send again. Here the call waits for the
/// daemon (Libvirt:ReconnectTimeout) and runs again, so both complete.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(LibvirtdRestartCollection.Name)]
public sealed class LibvirtdRestartTests(LibvirtdRestartCloud fixture) : IClassFixture<LibvirtdRestartCloud>
{
    private LibvirtCloud E2e => fixture.Cloud;

    [Fact]
    public async Task A_build_that_reaches_libvirt_while_libvirtd_is_down_completes_once_it_is_back()
    {
        var client = await E2e.AdminClientAsync();
        Guid id;
        await using (var outage = await LibvirtDaemon.StopAsync())
        {
            id = await CreateAsync(client, "libvirtd-down-build");
            // libvirt.xml is written just before the define: the build is at libvirt's door.
            var xml = Path.Combine(E2e.InstancesPath, id.ToString(), "libvirt.xml");
            await WaitUntilAsync(() => Task.FromResult(File.Exists(xml)), "the build to write libvirt.xml");
            Assert.Equal("BUILD", (string?)(await client.ShowAsync(id))!["status"]);
        }

        var server = await client.WaitForAsync(id, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
            "settle", LibvirtCloud.BootTimeout);

        Assert.True((string?)server["status"] == "ACTIVE", server.ToJsonString());
        Assert.Null(server["fault"]);
        Assert.Equal((int)PowerState.Running, (int?)server["OS-EXT-STS:power_state"]);
        Assert.True(LibvirtCloud.DomainExists(id));
        var projectId = (await E2e.Stores.Instances.GetAsync(id)).ProjectId;
        await ServerRequests.DeleteAsync(client, id);
        await LeftoverCheck.AssertDeletedAsync(E2e, id, projectId);
    }

    [Fact]
    public async Task A_delete_that_reaches_libvirt_while_libvirtd_is_down_completes_once_it_is_back_and_leaves_nothing()
    {
        var client = await E2e.AdminClientAsync();
        var (id, server) = await client.BootAsync("libvirtd-down-delete", E2e.Image.Id);
        Assert.Equal("ACTIVE", (string?)server["status"]);
        var projectId = (await E2e.Stores.Instances.GetAsync(id)).ProjectId;
        await using (var outage = await LibvirtDaemon.StopAsync())
        {
            using (var response = await client.DeleteAsync($"/compute/v2.1/servers/{id}"))
            {
                Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
            }
            await WaitUntilAsync(async () => (await E2e.Stores.InstanceActions.ListAsync(id))
                .Any(a => a.Action == "delete" && a.Events.Any(e => e.Event == ComputeManager.TerminateEvent)), "the compute host to start the delete");
            Assert.Equal("deleting", (string?)(await client.ShowAsync(id))?["OS-EXT-STS:task_state"]);
        }

        // The one DELETE completes on its own: no ERROR on the way, no second DELETE.
        await WaitUntilAsync(async () => await client.ShowAsync(id) is not { } shown
            || ((string?)shown["status"] == "ERROR" ? throw new Xunit.Sdk.XunitException($"the delete failed: {shown.ToJsonString()}") : false),
            "the delete to complete");

        await LeftoverCheck.AssertDeletedAsync(E2e, id, projectId);
    }

    [Fact]
    public async Task The_compute_service_outlives_a_libvirtd_restart_and_keeps_receiving_events()
    {
        var client = await E2e.AdminClientAsync();
        var (id, server) = await client.BootAsync("survivor", E2e.Image.Id);
        Assert.Equal("ACTIVE", (string?)server["status"]);
        var driver = (LibvirtDriver)E2e.ComputeManager.Driver;
        var generation = driver.ConnectionGeneration;

        await LibvirtDaemon.RestartAsync();

        // No call of ours in between: the driver must notice the dead connection itself, reconnect and
        // re-register for events, or this out-of-band destroy would only be seen by the 600 s sync.
        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(id))
        {
            Assert.Equal(DomainState.Running, domain.GetState().State); // the guest survived the restart
            await WaitUntilAsync(() => Task.FromResult(driver.ConnectionGeneration != generation), "the driver to reconnect on its own");
            domain.Destroy();
        }
        var stopped = await client.WaitForAsync(id, s => (string?)s["status"] == "SHUTOFF" && s["OS-EXT-STS:task_state"] is null, "become SHUTOFF",
            TimeSpan.FromSeconds(30));
        Assert.Equal((int)PowerState.Shutdown, (int?)stopped["OS-EXT-STS:power_state"]);
        Assert.Null(stopped["fault"]);

        var projectId = (await E2e.Stores.Instances.GetAsync(id)).ProjectId;
        await ServerRequests.DeleteAsync(client, id);
        await LeftoverCheck.AssertDeletedAsync(E2e, id, projectId);
    }

    private async Task<Guid> CreateAsync(HttpClient client, string name)
    {
        var created = await client.PostResourceAsync("/compute/v2.1/servers", "server", new JsonObject
        {
            ["name"] = name, ["flavorRef"] = "1", ["imageRef"] = E2e.Image.Id.ToString(),
        }, System.Net.HttpStatusCode.Accepted);
        return Guid.Parse((string)created["id"]!);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
