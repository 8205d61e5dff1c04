using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Network.Notifiers;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Events;

namespace Kumo.Api.Tests.Network;

/// <summary>The network-server topic as an agent uses it, over the cloud's bus, with the agent's own topic recorded.</summary>
public sealed class PluginRpcTests : IAsyncLifetime
{
    private const string AgentHost = "agent-host-1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private ApiCloud _cloud = null!;
    private HttpClient _admin = null!;
    private IAsyncDisposable _agent = null!;
    private readonly RecordingAgent _casts = new();
    private readonly RecordingNova _nova = new();

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _admin = await _cloud.AdminClientAsync();
        _agent = _cloud.Host.Shared.Bus.Serve(AgentMethods.Topic(AgentHost), _casts);
        _cloud.Host.NetworkServer.Network.Nova.AttachSink(_nova);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    private Task<TResult> CallAsync<TRequest, TResult>(RpcCall<TRequest, TResult> method, TRequest request) where TRequest : class =>
        _cloud.Host.Shared.Bus.CallAsync(PluginMethods.Topic, method, RequestContext.Admin(), request, Timeout);

    private async Task<(JsonNode Network, JsonNode Subnet, JsonNode Port, Guid Server)> BoundPortAsync(string name)
    {
        var network = await _admin.NetworkAsync(name);
        var subnet = await _admin.SubnetAsync(network, "10.30.0.0/24");
        var server = Guid.NewGuid();
        var port = await _admin.PortAsync(network, new JsonObject
        {
            ["binding:host_id"] = AgentHost,
            ["device_owner"] = "compute:nova",
            ["device_id"] = server.ToString(),
        });
        return (network, subnet, port, server);
    }

    [Fact]
    public async Task Device_details_name_the_port_its_addresses_groups_and_mtu_and_skip_unknown_ports()
    {
        var (network, _, port, server) = await BoundPortAsync("details");
        var portId = Guid.Parse((string)port["id"]!);
        var details = await CallAsync(PluginMethods.GetDevicesDetailsList, new DevicesRequest(AgentHost, [portId, Guid.NewGuid()]));
        var device = Assert.Single(details);
        Assert.Equal(Guid.Parse((string)network["id"]!), device.NetworkId);
        Assert.Equal((string?)port["mac_address"], device.MacAddress);
        Assert.Equal("10.30.0.2", device.FixedIps.Single().IpAddress);
        Assert.Equal(1450, device.Mtu);
        Assert.True(device.PortSecurityEnabled);
        Assert.Single(device.SecurityGroupIds);
        Assert.Equal(server.ToString(), device.DeviceId);
        await WaitForAsync(() => _casts.Received("port_update", portId.ToString()));
        await WaitForAsync(() => _casts.Received("dhcp_network_changed", (string)network["id"]!));
    }

    [Fact]
    public async Task Device_up_marks_the_port_active_and_tells_nova_once_and_device_down_unplugs()
    {
        var (_, _, port, server) = await BoundPortAsync("updown");
        var portId = Guid.Parse((string)port["id"]!);
        Assert.False(await CallAsync(PluginMethods.UpdateDeviceUp, new DeviceStatusRequest("another-host", portId)));
        Assert.Equal("DOWN", (string?)(await _admin.NGetAsync($"/ports/{portId}")).Body!["port"]!["status"]);

        Assert.True(await CallAsync(PluginMethods.UpdateDeviceUp, new DeviceStatusRequest(AgentHost, portId)));
        Assert.True(await CallAsync(PluginMethods.UpdateDeviceUp, new DeviceStatusRequest(AgentHost, portId)));
        Assert.Equal("ACTIVE", (string?)(await _admin.NGetAsync($"/ports/{portId}")).Body!["port"]!["status"]);
        var plugged = Assert.Single(_nova.Events);
        Assert.Equal(new ExternalInstanceEvent(server, ExternalInstanceEvent.NetworkVifPlugged, portId.ToString()), plugged);

        Assert.True(await CallAsync(PluginMethods.UpdateDeviceDown, new DeviceStatusRequest(AgentHost, portId)));
        Assert.Equal("DOWN", (string?)(await _admin.NGetAsync($"/ports/{portId}")).Body!["port"]!["status"]);
        Assert.Equal(2, _nova.Events.Count);
        Assert.Equal(ExternalInstanceEvent.NetworkVifUnplugged, _nova.Events.Last().Name);
        Assert.False(await CallAsync(PluginMethods.UpdateDeviceUp, new DeviceStatusRequest(AgentHost, Guid.NewGuid())));
    }

    [Fact]
    public async Task Security_group_info_has_the_rules_and_the_remote_groups_members_and_rule_changes_reach_the_host()
    {
        var (network, _, port, _) = await BoundPortAsync("sginfo");
        var peer = await _admin.PortAsync(network);
        var portId = Guid.Parse((string)port["id"]!);
        var info = await CallAsync(PluginMethods.SecurityGroupInfoForDevices, new DevicesRequest(AgentHost, [portId]));
        var (group, rules) = Assert.Single(info.Rules);
        Assert.Equal(4, rules.Count);
        Assert.Contains(rules, r => r.Direction == "ingress" && r.Ethertype == "IPv4" && r.RemoteGroupId == group);
        Assert.Equal(["10.30.0.2", "10.30.0.3"], info.Members[group].IPv4.Order());
        Assert.Empty(info.Members[group].IPv6);
        Assert.Equal(portId, Assert.Single(info.Devices).PortId);
        Assert.Equal((string?)peer["security_groups"]![0], group.ToString());

        var (status, _) = await _admin.NPostAsync("/security-group-rules", new JsonObject
        {
            ["security_group_rule"] = new JsonObject { ["security_group_id"] = group.ToString(), ["direction"] = "ingress", ["protocol"] = "icmp" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        await WaitForAsync(() => _casts.Received("security_groups_rule_updated", group.ToString()));
        await WaitForAsync(() => _casts.Received("security_groups_member_updated", group.ToString()));
    }

    [Fact]
    public async Task Dhcp_network_info_lists_the_hosts_and_the_dhcp_port_is_made_once_and_released()
    {
        var (network, subnet, port, _) = await BoundPortAsync("dhcp");
        var networkId = Guid.Parse((string)network["id"]!);
        Assert.Contains(networkId, await CallAsync(PluginMethods.GetActiveNetworks, new HostRequest(AgentHost)));
        Assert.DoesNotContain(networkId, await CallAsync(PluginMethods.GetActiveNetworks, new HostRequest("idle-host")));

        var first = await CallAsync(PluginMethods.CreateDhcpPort, new DhcpPortRequest(networkId, AgentHost));
        var again = await CallAsync(PluginMethods.CreateDhcpPort, new DhcpPortRequest(networkId, AgentHost));
        Assert.Equal(first.PortId, again.PortId);
        Assert.Equal(Guid.Parse((string)subnet["id"]!), first.FixedIps.Single().SubnetId);
        var dhcpPorts = (await _admin.NGetAsync($"/ports?network_id={networkId}&device_owner=network:dhcp")).Body!["ports"]!.AsArray();
        var dhcpPort = Assert.Single(dhcpPorts)!;
        Assert.Equal(first.PortId.ToString(), (string?)dhcpPort["id"]);
        Assert.Equal($"dhcp{AgentHost}-{networkId}", (string?)dhcpPort["device_id"]);

        var info = await _cloud.Host.Shared.Bus.CallNullableAsync(PluginMethods.Topic, PluginMethods.GetNetworkInfo, RequestContext.Admin(), new NetworkRequest(networkId, AgentHost), Timeout);
        Assert.NotNull(info);
        Assert.Equal("10.30.0.0/24", Assert.Single(info.Subnets).Cidr);
        Assert.Equal(86400, info.Subnets[0].LeaseSeconds);
        var host = info.Hosts.Single(h => h.PortId == Guid.Parse((string)port["id"]!));
        Assert.Equal(((string?)port["mac_address"], "10.30.0.2", "host-10-30-0-2"), (host.MacAddress, host.IpAddress, host.Hostname));
        Assert.Contains(info.Hosts, h => h.PortId == first.PortId);

        Assert.True(await CallAsync(PluginMethods.ReleaseDhcpPort, new DhcpPortRequest(networkId, AgentHost)));
        Assert.False(await CallAsync(PluginMethods.ReleaseDhcpPort, new DhcpPortRequest(networkId, AgentHost)));
        Assert.Null(await _cloud.Host.Shared.Bus.CallNullableAsync(PluginMethods.Topic, PluginMethods.GetNetworkInfo, RequestContext.Admin(), new NetworkRequest(Guid.NewGuid(), AgentHost), Timeout));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true within 10 s");
            await Task.Delay(20);
        }
    }

    private sealed class RecordingAgent : IRpcEndpoint
    {
        private readonly ConcurrentQueue<(string Method, string Args)> _received = new();

        public bool Received(string method, string containing) => _received.Any(r => r.Method == method && r.Args.Contains(containing, StringComparison.Ordinal));

        public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken)
        {
            _received.Enqueue((message.Method, message.Args.ToJsonString()));
            return Task.FromResult<JsonNode?>(null);
        }
    }

    private sealed class RecordingNova : INovaNotifier
    {
        private readonly ConcurrentQueue<ExternalInstanceEvent> _events = new();

        public IReadOnlyList<ExternalInstanceEvent> Events => [.. _events];

        public Task SendEventsAsync(IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default)
        {
            foreach (var e in events)
            {
                _events.Enqueue(e);
            }
            return Task.CompletedTask;
        }
    }
}
