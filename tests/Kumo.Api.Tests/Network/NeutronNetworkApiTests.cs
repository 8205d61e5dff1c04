using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Network.Api;
using Kumo.Objects.Context;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Api.Tests.Network;

/// <summary>Compute's view of the network server, as the compute manager calls it during a build and a delete.</summary>
public sealed class NeutronNetworkApiTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _member = null!;
    private readonly RequestContext _context = new(RequestContext.NewRequestId(), "u-nova-nina", "p-nova") { Roles = ["member"] };

    private INetworkApi Api => _cloud.Host.NetworkServer.Network.ComputeApi;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _member = await _cloud.ClientAsync("nova", "nova-nina");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private Instance Server(string hostname = "web-1") => new()
    {
        Uuid = Guid.NewGuid(),
        DisplayName = hostname,
        Hostname = hostname,
        ProjectId = "p-nova",
        UserId = "u-nova-nina",
        Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512 },
        ImageRef = Guid.NewGuid(),
        Host = "compute-1",
        AvailabilityZone = "nova",
    };

    [Fact]
    public async Task Allocation_creates_a_bound_port_per_network_with_the_groups_and_fills_the_vif()
    {
        var network = await _member.NetworkAsync("app");
        var subnet = await _member.SubnetAsync(network, "10.40.0.0/24", new JsonObject { ["dns_nameservers"] = new JsonArray("10.40.0.53") });
        var web = await _member.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "web" });
        var server = Server();
        var networkId = Guid.Parse((string)network["id"]!);
        await Api.ValidateNetworksAsync(_context, [new RequestedNetwork(networkId)]);
        var info = await Api.AllocateForInstanceAsync(_context, server, [new RequestedNetwork(networkId)], ["web"]);

        var vif = Assert.Single(info.Vifs);
        Assert.Equal(networkId, vif.NetworkId);
        Assert.Equal("ovs", vif.VifType);
        Assert.Equal(HybridPlugNames.Tap(vif.PortId), vif.DevName);
        Assert.Equal(["10.40.0.2"], vif.FixedIps);
        Assert.Equal(1450, vif.Mtu);
        Assert.Equal(new VifDetails(PortFilter: true, OvsHybridPlug: true, DatapathType: "netdev"), vif.Details);
        Assert.Equal(("br-int", "app", false), (vif.Bridge, vif.NetworkLabel, vif.Active));
        var vifSubnet = Assert.Single(vif.Subnets);
        Assert.Equal(("10.40.0.0/24", "10.40.0.1", true), (vifSubnet.Cidr, vifSubnet.Gateway, vifSubnet.DhcpEnabled));
        Assert.Equal(["10.40.0.53"], vifSubnet.DnsServers);

        var admin = await _cloud.AdminClientAsync();
        var port = (await admin.NGetAsync($"/ports/{vif.PortId}")).Body!["port"]!;
        Assert.Equal(server.Uuid.ToString(), (string?)port["device_id"]);
        Assert.Equal("compute:nova", (string?)port["device_owner"]);
        Assert.Equal("compute-1", (string?)port["binding:host_id"]);
        Assert.Equal("p-nova", (string?)port["project_id"]);
        Assert.Equal([(string)web["id"]!], port["security_groups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal((string?)subnet["id"], (string?)port["fixed_ips"]![0]!["subnet_id"]);
        Assert.Equal(vif.PortId, Assert.Single((await Api.GetInstanceNetworkInfoAsync(server)).Vifs).PortId);

        await Api.DeallocateForInstanceAsync(_context, server);
        await Api.DeallocateForInstanceAsync(_context, server);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.NGetAsync($"/ports/{vif.PortId}")).Status);
        Assert.True((await Api.GetInstanceNetworkInfoAsync(server)).IsEmpty);
    }

    [Fact]
    public async Task A_pre_made_port_is_bound_then_unbound_not_deleted_and_one_in_use_is_409()
    {
        var network = await _member.NetworkAsync("own");
        await _member.SubnetAsync(network, "10.41.0.0/24");
        var port = await _member.PortAsync(network, new JsonObject { ["name"] = "mine" });
        var portId = Guid.Parse((string)port["id"]!);
        var server = Server();
        await Api.ValidateNetworksAsync(_context, [new RequestedNetwork(null, portId)]);
        var info = await Api.AllocateForInstanceAsync(_context, server, [new RequestedNetwork(null, portId)]);
        Assert.Equal(portId, Assert.Single(info.Vifs).PortId);

        var inUse = await Assert.ThrowsAsync<RequestedPortInUseException>(() => Api.ValidateNetworksAsync(_context, [new RequestedNetwork(null, portId)]));
        Assert.Equal(409, inUse.Code);

        await Api.DeallocateForInstanceAsync(_context, server);
        var kept = (await _member.NGetAsync($"/ports/{portId}")).Body!["port"]!;
        Assert.Equal("", (string?)kept["device_id"]);
        Assert.Equal("", (string?)kept["device_owner"]);
        Assert.Equal((string?)port["fixed_ips"]!.ToJsonString(), kept["fixed_ips"]!.ToJsonString());
    }

    [Fact]
    public async Task Auto_picks_the_projects_only_network_and_is_ambiguous_with_two()
    {
        var empty = await Assert.ThrowsAsync<NoNetworkForAutoException>(() => Api.ValidateNetworksAsync(_context, [RequestedNetwork.AutoAllocate]));
        Assert.Equal(400, empty.Code);
        var network = await _member.NetworkAsync("only");
        await _member.SubnetAsync(network, "10.42.0.0/24");
        var info = await Api.AllocateForInstanceAsync(_context, Server(), [RequestedNetwork.AutoAllocate]);
        Assert.Equal(Guid.Parse((string)network["id"]!), Assert.Single(info.Vifs).NetworkId);

        await _member.NetworkAsync("second");
        var ambiguous = await Assert.ThrowsAsync<NetworkAmbiguousException>(() => Api.ValidateNetworksAsync(_context, [RequestedNetwork.AutoAllocate]));
        Assert.Equal(409, ambiguous.Code);
    }

    [Fact]
    public async Task No_networks_before_2_37_boots_without_a_nic_when_there_is_none_and_takes_the_only_one_otherwise()
    {
        await Api.ValidateNetworksAsync(_context, [RequestedNetwork.Unspecified]);
        Assert.True((await Api.AllocateForInstanceAsync(_context, Server(), [RequestedNetwork.Unspecified])).IsEmpty);
        Assert.Empty((await _member.NGetAsync("/ports")).Body!["ports"]!.AsArray());

        var network = await _member.NetworkAsync("only");
        await _member.SubnetAsync(network, "10.44.0.0/24");
        var info = await Api.AllocateForInstanceAsync(_context, Server(), [RequestedNetwork.Unspecified]);
        Assert.Equal(Guid.Parse((string)network["id"]!), Assert.Single(info.Vifs).NetworkId);
    }

    [Fact]
    public async Task Unknown_networks_ports_fixed_ips_and_groups_are_refused_before_anything_is_made()
    {
        var network = await _member.NetworkAsync("checked");
        await _member.SubnetAsync(network, "10.43.0.0/24");
        var networkId = Guid.Parse((string)network["id"]!);
        var unknown = Guid.NewGuid();
        Assert.Equal($"Network {unknown} could not be found.",
            (await Assert.ThrowsAsync<RequestedNetworkNotFoundException>(() => Api.ValidateNetworksAsync(_context, [new RequestedNetwork(unknown)]))).Message);
        await Assert.ThrowsAsync<RequestedPortNotFoundException>(() => Api.ValidateNetworksAsync(_context, [new RequestedNetwork(null, unknown)]));
        await Assert.ThrowsAsync<FixedIpInvalidException>(() => Api.ValidateNetworksAsync(_context, [new RequestedNetwork(networkId, FixedIp: "10.99.0.5")]));
        await Assert.ThrowsAsync<ServerSecurityGroupNotFoundException>(() => Api.ValidateSecurityGroupsAsync(_context, ["nope"]));

        var holder = Server("holder");
        await Api.AllocateForInstanceAsync(_context, holder, [new RequestedNetwork(networkId, FixedIp: "10.43.0.50")]);
        var taken = await Assert.ThrowsAsync<FixedIpAlreadyInUseException>(() => Api.ValidateNetworksAsync(_context, [new RequestedNetwork(networkId, FixedIp: "10.43.0.50")]));
        Assert.Contains(holder.Uuid.ToString(), taken.Message);

        var before = await _member.IdsAsync("/ports", "ports");
        await Assert.ThrowsAsync<ServerSecurityGroupNotFoundException>(() => Api.AllocateForInstanceAsync(_context, Server(), [new RequestedNetwork(networkId)], ["nope"]));
        await Assert.ThrowsAsync<RequestedNetworkNotFoundException>(() => Api.AllocateForInstanceAsync(_context, Server(), [new RequestedNetwork(networkId), new RequestedNetwork(unknown)]));
        Assert.Equal(before, await _member.IdsAsync("/ports", "ports"));
    }
}
