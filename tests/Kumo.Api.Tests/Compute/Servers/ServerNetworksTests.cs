using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Network.Fake;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>
/// networks and security_groups in server create (Nova's schemas and checks, on the fake network
/// service), addresses in show and /ips from the info cache, os-interface and os-security-groups reads.
/// </summary>
public sealed class ServerNetworksTests : IAsyncLifetime
{
    private const string V237 = "2.37";
    private readonly FakeNetworkApi _network = new() { PortsActive = true };
    private ApiCloud _cloud = null!;
    private HttpClient _alice = null!;
    private HttpClient _admin = null!;
    private Guid _private;

    public async Task InitializeAsync()
    {
        _private = _network.AddNetwork("private", "10.0.0");
        _network.AddSecurityGroup("web");
        _cloud = await ApiCloud.StartAsync(network: _network);
        _alice = await _cloud.ClientAsync("project-a", "alice");
        _admin = await _cloud.AdminClientAsync();
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private JsonObject Body(string name, JsonNode networks, JsonArray? groups = null)
    {
        var body = ServerCalls.CreateBody(_cloud, name);
        body["server"]!["networks"] = networks;
        if (groups is not null)
        {
            body["server"]!["security_groups"] = groups;
        }
        return body;
    }

    private async Task<JsonObject> BootAsync(JsonObject body, string microversion = V237)
    {
        var (status, created) = await _alice.SendAsync(HttpMethod.Post, "/servers", body, microversion);
        Assert.True(status == HttpStatusCode.Accepted, $"create answered {(int)status}: {created?.ToJsonString()}");
        return await _alice.WaitForStatusAsync((string)created!["server"]!["id"]!, "ACTIVE");
    }

    [Fact]
    public async Task A_server_on_a_network_shows_its_address_in_show_detail_and_ips()
    {
        var server = await BootAsync(Body("on-private", new JsonArray(new JsonObject { ["uuid"] = _private.ToString() })));
        var id = (string)server["id"]!;
        var port = Assert.Single(_network.PortsOf(Guid.Parse(id)));

        var address = Assert.Single(server["addresses"]!["private"]!.AsArray())!.AsObject();
        Assert.Equal(["version", "addr", "OS-EXT-IPS:type", "OS-EXT-IPS-MAC:mac_addr"], address.Select(p => p.Key));
        Assert.Equal(4, (int)address["version"]!);
        Assert.StartsWith("10.0.0.", (string)address["addr"]!);
        Assert.Equal("fixed", (string?)address["OS-EXT-IPS:type"]);
        Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", (string)address["OS-EXT-IPS-MAC:mac_addr"]!);

        var (_, detail) = await _alice.SendAsync(HttpMethod.Get, "/servers/detail");
        var listed = detail!["servers"]!.AsArray().Single(s => (string?)s!["id"] == id)!;
        Assert.Equal(address.ToJsonString(), listed["addresses"]!["private"]![0]!.ToJsonString());

        var (ipsStatus, ips) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/ips");
        Assert.Equal(HttpStatusCode.OK, ipsStatus);
        var plain = Assert.Single(ips!["addresses"]!["private"]!.AsArray())!.AsObject();
        Assert.Equal(["version", "addr"], plain.Select(p => p.Key));
        var (netStatus, net) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/ips/private");
        Assert.Equal(HttpStatusCode.OK, netStatus);
        Assert.Equal(plain.ToJsonString(), net!["private"]![0]!.ToJsonString());
        var (otherStatus, other) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/ips/public");
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        Assert.Contains("not a member of specified network", ServerCalls.Message(other));

        var (ifStatus, interfaces) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-interface");
        Assert.Equal(HttpStatusCode.OK, ifStatus);
        var attachment = Assert.Single(interfaces!["interfaceAttachments"]!.AsArray())!.AsObject();
        Assert.Equal(["port_state", "fixed_ips", "port_id", "net_id", "mac_addr"], attachment.Select(p => p.Key));
        Assert.Equal(port.ToString(), (string?)attachment["port_id"]);
        Assert.Equal(_private.ToString(), (string?)attachment["net_id"]);
        Assert.Equal("ACTIVE", (string?)attachment["port_state"]);
        Assert.Equal((string?)address["addr"], (string?)attachment["fixed_ips"]![0]!["ip_address"]);
        var (oneStatus, one) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-interface/{port}");
        Assert.Equal(HttpStatusCode.OK, oneStatus);
        Assert.Equal(attachment.ToJsonString(), one!["interfaceAttachment"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-interface/{Guid.NewGuid()}")).Status);

        await _alice.SendAsync(HttpMethod.Delete, "/servers/" + id);
        await _alice.WaitForGoneAsync(id);
        Assert.Empty(_network.PortsOf(Guid.Parse(id)));
    }

    [Fact]
    public async Task A_fixed_ip_a_port_and_auto_are_each_honoured()
    {
        var fixedIp = await BootAsync(Body("fixed", new JsonArray(new JsonObject { ["uuid"] = _private.ToString(), ["fixed_ip"] = "10.0.0.77" })));
        Assert.Equal("10.0.0.77", (string?)fixedIp["addresses"]!["private"]![0]!["addr"]);

        var port = _network.AddPort(_private);
        var onPort = await BootAsync(Body("on-port", new JsonArray(new JsonObject { ["port"] = port.ToString() })));
        Assert.Equal([port], _network.PortsOf(Guid.Parse((string)onPort["id"]!)));

        var auto = await BootAsync(Body("auto", "auto"));
        Assert.Single(auto["addresses"]!["private"]!.AsArray());

        var none = await BootAsync(Body("none", "none"));
        Assert.Empty(none["addresses"]!.AsObject());

        // Before 2.37 a create without networks is "auto" too (novaclient at 2.1 sends none).
        var (status, created) = await _alice.SendAsync(HttpMethod.Post, "/servers", ServerCalls.CreateBody(_cloud, "legacy"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var legacy = await _alice.WaitForStatusAsync((string)created!["server"]!["id"]!, "ACTIVE");
        Assert.Single(legacy["addresses"]!["private"]!.AsArray());
    }

    [Fact]
    public async Task Security_groups_are_checked_kept_and_answered()
    {
        var (status, created) = await _alice.SendAsync(HttpMethod.Post, "/servers",
            Body("grouped", "auto", new JsonArray(new JsonObject { ["name"] = "web" }, new JsonObject { ["name"] = "web" })), V237);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("[{\"name\":\"web\"}]", created!["server"]!["security_groups"]!.ToJsonString());
        var id = (string)created["server"]!["id"]!;
        await _alice.WaitForStatusAsync(id, "ACTIVE");
        var (_, mine) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{id}/os-security-groups");
        Assert.Equal(["web"], mine!["security_groups"]!.AsArray().Select(g => (string?)g!["name"]));
    }

    [Fact]
    public async Task Os_security_groups_proxies_the_network_service_below_2_36_only()
    {
        var (status, body) = await _alice.SendAsync(HttpMethod.Get, "/os-security-groups", microversion: "2.35");
        Assert.Equal(HttpStatusCode.OK, status);
        var web = body!["security_groups"]!.AsArray().Single(g => (string?)g!["name"] == "web")!.AsObject();
        Assert.Equal(["id", "name", "description", "tenant_id", "rules"], web.Select(p => p.Key));
        var rule = Assert.Single(web["rules"]!.AsArray())!.AsObject();
        Assert.Equal(["id", "parent_group_id", "ip_protocol", "from_port", "to_port", "group", "ip_range"], rule.Select(p => p.Key));
        Assert.Equal("web", (string?)rule["group"]!["name"]);

        var (shown, one) = await _alice.SendAsync(HttpMethod.Get, $"/os-security-groups/{web["id"]}", microversion: "2.35");
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Equal(web.ToJsonString(), one!["security_group"]!.ToJsonString());

        Assert.Equal(HttpStatusCode.NotFound, (await _alice.SendAsync(HttpMethod.Get, "/os-security-groups", microversion: "2.36")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.SendAsync(HttpMethod.Get, $"/os-security-groups/{Guid.NewGuid()}", microversion: "2.35")).Status);
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> BadNetworks => new()
    {
        { "unknown network", V237, "[{\"uuid\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]", HttpStatusCode.BadRequest, "Network 6f1a4b5e-0000-4000-8000-000000000000 could not be found" },
        { "unknown port", V237, "[{\"port\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]", HttpStatusCode.BadRequest, "Port id 6f1a4b5e-0000-4000-8000-000000000000 could not be found" },
        { "uuid not a uuid at 2.37", V237, "[{\"uuid\": \"abc\"}]", HttpStatusCode.BadRequest, "field/attribute uuid" },
        { "uuid not a uuid at 2.1", "2.1", "[{\"uuid\": \"abc\"}]", HttpStatusCode.BadRequest, "Bad networks format: network uuid is not in proper format (abc)" },
        { "port not a uuid", V237, "[{\"port\": \"abc\"}]", HttpStatusCode.BadRequest, "field/attribute port" },
        { "neither uuid nor port", V237, "[{}]", HttpStatusCode.BadRequest, "missing 'uuid'" },
        { "fixed_ip not an address", V237, "[{\"uuid\": \"NET\", \"fixed_ip\": \"10.0.0\"}]", HttpStatusCode.BadRequest, "field/attribute fixed_ip" },
        { "fixed_ip with a port", V237, "[{\"port\": \"6f1a4b5e-0000-4000-8000-000000000000\", \"fixed_ip\": \"10.0.0.5\"}]", HttpStatusCode.BadRequest, "cannot be used with port" },
        { "one port twice", V237, "[{\"port\": \"6f1a4b5e-0000-4000-8000-000000000000\"}, {\"port\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]", HttpStatusCode.BadRequest, "networks: port 6f1a4b5e-0000-4000-8000-000000000000 is requested more than once" },
        { "one fixed ip twice", V237, "[{\"uuid\": \"NET\", \"fixed_ip\": \"10.0.0.9\"}, {\"uuid\": \"NET\", \"fixed_ip\": \"10.0.0.9\"}]", HttpStatusCode.BadRequest, "fixed_ip 10.0.0.9 is requested more than once" },
        { "tag at 2.37", V237, "[{\"uuid\": \"NET\", \"tag\": \"nic1\"}]", HttpStatusCode.BadRequest, "'tag' was unexpected" },
        { "tag before 2.32", "2.31", "[{\"uuid\": \"NET\", \"tag\": \"nic1\"}]", HttpStatusCode.BadRequest, "'tag' was unexpected" },
        { "unknown member", V237, "[{\"uuid\": \"NET\", \"name\": \"x\"}]", HttpStatusCode.BadRequest, "'name' was unexpected" },
        { "an entry not an object", V237, "[\"NET\"]", HttpStatusCode.BadRequest, "field/attribute networks" },
    };

    [Theory]
    [MemberData(nameof(BadNetworks))]
    public async Task A_network_request_that_cannot_be_met_is_refused_and_nothing_is_created(string _, string microversion, string networks,
        HttpStatusCode expected, string message)
    {
        var before = await _admin.CountServersAsync();
        var server = $"\"name\": \"bad\", \"flavorRef\": \"1\", \"imageRef\": \"{_cloud.Image.Id}\", \"networks\": {networks.Replace("NET", _private.ToString())}";

        var (status, error) = await _alice.SendAsync(HttpMethod.Post, "/servers", "{\"server\": {" + server + "}}", microversion);

        Assert.Equal(expected, status);
        Assert.Contains(message, ServerCalls.Message(error));
        Assert.Equal(before, await _admin.CountServersAsync());
    }

    [Fact]
    public async Task A_port_in_use_is_409_and_an_unknown_security_group_400_with_nothing_created()
    {
        var port = _network.AddPort(_private);
        await BootAsync(Body("holder", new JsonArray(new JsonObject { ["port"] = port.ToString() })));
        var before = await _admin.CountServersAsync();

        var (inUse, inUseError) = await _alice.SendAsync(HttpMethod.Post, "/servers", Body("second", new JsonArray(new JsonObject { ["port"] = port.ToString() })), V237);
        var (noGroup, noGroupError) = await _alice.SendAsync(HttpMethod.Post, "/servers",
            Body("grouped", "auto", new JsonArray(new JsonObject { ["name"] = "db" })), V237);
        var (badGroup, badGroupError) = await _alice.SendAsync(HttpMethod.Post, "/servers",
            Body("grouped", "auto", new JsonArray(new JsonObject { ["id"] = "db" })), V237);

        Assert.Equal(HttpStatusCode.Conflict, inUse);
        Assert.Contains($"Port {port} is still in use", ServerCalls.Message(inUseError));
        Assert.Equal(HttpStatusCode.BadRequest, noGroup);
        Assert.Contains("Security group db not found", ServerCalls.Message(noGroupError));
        Assert.Equal(HttpStatusCode.BadRequest, badGroup);
        Assert.Contains("'id' was unexpected", ServerCalls.Message(badGroupError));
        Assert.Equal(before, await _admin.CountServersAsync());
    }

    [Fact]
    public async Task Two_nics_on_one_network_are_two_addresses_under_its_label()
    {
        var net = new JsonObject { ["uuid"] = _private.ToString() };
        var server = await BootAsync(Body("two-nics", new JsonArray(net, net.DeepClone())));

        var addresses = server["addresses"]!["private"]!.AsArray();
        Assert.Equal(2, addresses.Count);
        Assert.NotEqual((string?)addresses[0]!["addr"], (string?)addresses[1]!["addr"]);
    }
}
