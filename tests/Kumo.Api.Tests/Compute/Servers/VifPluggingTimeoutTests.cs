using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Network;
using Kumo.Api.Tests.Support;
using Kumo.Virt.Fake;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>
/// A build whose ports are never reported up (no network agent runs: nobody marks them ACTIVE nor sends
/// network-vif-plugged) through the real network service and the fake driver's wait (the libvirt
/// driver's VifPlugEvents path): vif_plugging_is_fatal fails it with a fault naming the port and the
/// timeout and gives everything back; not fatal goes ACTIVE with the port still DOWN.
/// </summary>
public sealed class VifPluggingTimeoutTests
{
    private const string V237 = "2.37";

    private static async Task<(ApiCloud Cloud, HttpClient Admin, string NetworkId, List<Guid> Plugged)> StartAsync(bool fatal)
    {
        var plugged = new List<Guid>();
        var behaviour = new FakeDriverBehaviour { WaitForVifPluggedEvents = true };
        behaviour.VifsPlugged = (_, info) =>
        {
            lock (plugged)
            {
                plugged.AddRange(info.Vifs.Select(v => v.PortId));
            }
            return Task.CompletedTask;
        };
        var cloud = await ApiCloud.StartAsync(behaviour, o =>
        {
            o.Compute.VifPluggingTimeout = TimeSpan.FromMilliseconds(400);
            o.Compute.VifPluggingIsFatal = fatal;
        });
        var admin = await cloud.AdminClientAsync();
        var network = await admin.NetworkAsync("no-agent");
        await admin.SubnetAsync(network, "10.9.0.0/24");
        return (cloud, admin, (string)network["id"]!, plugged);
    }

    private static async Task<string> CreateAsync(ApiCloud cloud, HttpClient admin, string name, string networkId)
    {
        var body = ServerCalls.CreateBody(cloud, name);
        body["server"]!["networks"] = new JsonArray(new JsonObject { ["uuid"] = networkId });
        var (status, created) = await admin.SendAsync(HttpMethod.Post, "/servers", body, V237);
        Assert.True(status == HttpStatusCode.Accepted, $"create answered {(int)status}: {created?.ToJsonString()}");
        return (string)created!["server"]!["id"]!;
    }

    [Fact]
    public async Task Fatal_a_port_never_reported_up_fails_the_build_naming_the_port_and_leaves_nothing()
    {
        var (cloud, admin, networkId, plugged) = await StartAsync(fatal: true);
        await using var _ = cloud;
        var portsBefore = await admin.IdsAsync("/ports", "ports");

        var id = await CreateAsync(cloud, admin, "never-plugged", networkId);
        var server = await admin.WaitForStatusAsync(id, "ERROR");

        var port = Assert.Single(plugged);
        var message = (string)server["fault"]!["message"]!;
        Assert.Contains(port.ToString(), message);
        Assert.Contains("0.4 s", message);
        Assert.Contains("vif_plugging_timeout", message);
        Assert.Equal(500, (int)server["fault"]!["code"]!);
        Assert.Empty(server["addresses"]!.AsObject());
        Assert.Equal(portsBefore, await admin.IdsAsync("/ports", "ports"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.NGetAsync($"/ports/{port}")).Status);
        Assert.Equal(0, cloud.Driver.GuestCount);
        Assert.Empty(await cloud.Host.Shared.Stores.Placement.GetAllocationsAsync(Guid.Parse(id)));

        await admin.SendAsync(HttpMethod.Delete, "/servers/" + id);
        await admin.WaitForGoneAsync(id);
    }

    [Fact]
    public async Task Not_fatal_a_port_never_reported_up_is_only_a_warning_and_the_server_goes_active()
    {
        var (cloud, admin, networkId, plugged) = await StartAsync(fatal: false);
        await using var _ = cloud;

        var id = await CreateAsync(cloud, admin, "plugged-anyway", networkId);
        var server = await admin.WaitForStatusAsync(id, "ACTIVE");

        var port = Assert.Single(plugged);
        Assert.Null(server["fault"]);
        var (status, shown) = await admin.NGetAsync($"/ports/{port}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DOWN", (string?)shown!["port"]!["status"]);
        Assert.Equal(id, (string?)shown["port"]!["device_id"]);
        var address = (string)Assert.Single(server["addresses"]!["no-agent"]!.AsArray())!["addr"]!;
        Assert.StartsWith("10.9.0.", address);
        Assert.Equal(1, cloud.Driver.GuestCount);

        await admin.SendAsync(HttpMethod.Delete, "/servers/" + id);
        await admin.WaitForGoneAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.NGetAsync($"/ports/{port}")).Status);
    }
}
