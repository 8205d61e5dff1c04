using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Errors;
using Kumo.Virt.Fake;

namespace Kumo.Api.Tests.Compute.Servers;

public sealed class ServersTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ApiCloud.StartAsync(new FakeDriverBehaviour
    {
        SpawnFailure = i => i.DisplayName.StartsWith("doomed", StringComparison.Ordinal) ? new KumoException("fake hypervisor refused the guest") : null,
    });

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    // tempest/lib/api_schema/response/compute/v2_1/servers.py server_detail, as a member sees it.
    private static readonly string[] MemberFields21 =
    [
        "id", "name", "status", "image", "flavor", "user_id", "tenant_id", "created", "updated", "progress", "metadata", "links",
        "addresses", "hostId", "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "key_name", "OS-SRV-USG:launched_at",
        "OS-SRV-USG:terminated_at", "OS-EXT-AZ:availability_zone", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state",
        "OS-EXT-STS:power_state", "os-extended-volumes:volumes_attached", "config_drive",
    ];

    private static readonly string[] AdminExtra225 =
    [
        "OS-EXT-SRV-ATTR:host", "OS-EXT-SRV-ATTR:instance_name", "OS-EXT-SRV-ATTR:hypervisor_hostname",
        "OS-EXT-SRV-ATTR:reservation_id", "OS-EXT-SRV-ATTR:launch_index", "OS-EXT-SRV-ATTR:kernel_id", "OS-EXT-SRV-ATTR:ramdisk_id",
        "OS-EXT-SRV-ATTR:hostname", "OS-EXT-SRV-ATTR:root_device_name", "OS-EXT-SRV-ATTR:user_data", "locked", "host_status", "description",
    ];

    [Fact]
    public async Task A_created_server_becomes_ACTIVE_and_shows_exactly_Novas_fields()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var (status, created) = await client.SendAsync(HttpMethod.Post, "/servers", ServerCalls.CreateBody(_cloud, "web-1"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var server = created!["server"]!.AsObject();
        Assert.Equal(["OS-DCF:diskConfig", "adminPass", "id", "links", "security_groups"], server.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty((string?)server["adminPass"]));
        var id = (string)server["id"]!;

        var shown = await client.WaitForStatusAsync(id, "ACTIVE");
        Assert.Equal(MemberFields21.Order(StringComparer.Ordinal), shown.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("web-1", (string?)shown["name"]);
        Assert.Equal("p-project-a", (string?)shown["tenant_id"]);
        Assert.Equal("u-alice", (string?)shown["user_id"]);
        Assert.Equal("active", (string?)shown["OS-EXT-STS:vm_state"]);
        Assert.Equal(1, (int?)shown["OS-EXT-STS:power_state"]);
        Assert.Equal("nova", (string?)shown["OS-EXT-AZ:availability_zone"]);
        Assert.Equal(56, ((string?)shown["hostId"])!.Length);
        Assert.Equal(_cloud.Image.Id.ToString(), (string?)shown["image"]!["id"]);
        Assert.Equal("1", (string?)shown["flavor"]!["id"]);
        Assert.Equal($"http://kumo.test/compute/v2.1/servers/{id}", (string?)shown["links"]![0]!["href"]);
        Assert.NotNull((string?)shown["OS-SRV-USG:launched_at"]);
        Assert.Empty(shown["addresses"]!.AsObject());
    }

    [Fact]
    public async Task An_admin_at_the_maximum_microversion_also_sees_the_extended_attributes()
    {
        var admin = await _cloud.AdminClientAsync();
        var id = await admin.CreateServerAsync(_cloud, "admin-view");
        await admin.WaitForStatusAsync(id, "ACTIVE");

        var shown = await admin.ShowAsync(id, "2.25");
        Assert.Equal(MemberFields21.Concat(AdminExtra225).Order(StringComparer.Ordinal), shown.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("compute-1", (string?)shown["OS-EXT-SRV-ATTR:host"]);
        Assert.Equal("admin-view", (string?)shown["OS-EXT-SRV-ATTR:hostname"]);
        Assert.Equal("UP", (string?)shown["host_status"]);
        Assert.False((bool)shown["locked"]!);

        var member = await _cloud.ClientAsync("admin", "viewer", "member", "reader");
        var asMember = await member.ShowAsync(id, "2.25");
        Assert.DoesNotContain(asMember, p => p.Key.StartsWith("OS-EXT-SRV-ATTR:", StringComparison.Ordinal) || p.Key == "host_status");
        Assert.Contains(asMember, p => p.Key == "description");
    }

    [Fact]
    public async Task A_server_whose_spawn_failed_is_ERROR_with_its_fault_and_details_only_for_admins()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = await client.CreateServerAsync(_cloud, "doomed-1");
        var shown = await client.WaitForStatusAsync(id, "ERROR");
        var fault = shown["fault"]!.AsObject();
        Assert.Equal(500, (int?)fault["code"]);
        Assert.Contains("fake hypervisor refused the guest", (string?)fault["message"]);
        Assert.NotNull((string?)fault["created"]);
        Assert.False(fault.ContainsKey("details"));
        Assert.False(shown.ContainsKey("progress"));

        var admin = await _cloud.AdminClientAsync();
        var asAdmin = await admin.ShowAsync(id);
        Assert.Contains("KumoException", (string?)asAdmin["fault"]!["details"]);

        var (_, detail) = await client.SendAsync(HttpMethod.Get, "/servers/detail");
        var listed = detail!["servers"]!.AsArray().Single(s => (string?)s!["id"] == id)!;
        Assert.Contains("fake hypervisor refused the guest", (string?)listed["fault"]!["message"]);
    }

    [Fact]
    public async Task Update_changes_name_and_access_IPs_and_answers_the_short_view()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = await client.CreateServerAsync(_cloud, "before");
        await client.WaitForStatusAsync(id, "ACTIVE");

        var (status, body) = await client.SendAsync(HttpMethod.Put, "/servers/" + id, new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = "after", ["accessIPv4"] = "192.0.2.10", ["accessIPv6"] = "2001:db8::10" },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var updated = body!["server"]!.AsObject();
        Assert.Equal("after", (string?)updated["name"]);
        Assert.False(updated.ContainsKey("OS-EXT-STS:vm_state"));
        var shown = await client.ShowAsync(id);
        Assert.Equal("after", (string?)shown["name"]);
        Assert.Equal("192.0.2.10", (string?)shown["accessIPv4"]);
        Assert.Equal("2001:db8::10", (string?)shown["accessIPv6"]);

        var (bad, error) = await client.SendAsync(HttpMethod.Put, "/servers/" + id, new JsonObject { ["server"] = new JsonObject { ["accessIPv4"] = "not-an-ip" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("accessIPv4", ServerCalls.Message(error));
        var (beforeDescription, _) = await client.SendAsync(HttpMethod.Put, "/servers/" + id, new JsonObject { ["server"] = new JsonObject { ["description"] = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, beforeDescription);
        var (withDescription, described) = await client.SendAsync(HttpMethod.Put, "/servers/" + id,
            new JsonObject { ["server"] = new JsonObject { ["description"] = "the web tier" } }, "2.19");
        Assert.Equal(HttpStatusCode.OK, withDescription);
        Assert.Equal("the web tier", (string?)described!["server"]!["description"]);
        Assert.Equal("192.0.2.10", (string?)(await client.ShowAsync(id))["accessIPv4"]);
    }

    [Fact]
    public async Task A_deleted_server_answers_404_and_leaves_no_guest()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = await client.CreateServerAsync(_cloud, "short-lived");
        await client.WaitForStatusAsync(id, "ACTIVE");
        var (status, _) = await client.SendAsync(HttpMethod.Delete, "/servers/" + id);
        Assert.Equal(HttpStatusCode.NoContent, status);
        await client.WaitForGoneAsync(id);
        Assert.Equal(0, _cloud.Driver.GuestCount);
        var (again, body) = await client.SendAsync(HttpMethod.Delete, "/servers/" + id);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains(id, ServerCalls.Message(body));
    }

    [Fact]
    public async Task Another_projects_server_is_404_for_every_call_and_unchanged()
    {
        var alice = await _cloud.ClientAsync("project-a", "alice");
        var id = await alice.CreateServerAsync(_cloud, "private");
        await alice.WaitForStatusAsync(id, "ACTIVE");
        var bob = await _cloud.ClientAsync("project-b", "bob");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Get, "/servers/" + id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Put, "/servers/" + id, new JsonObject { ["server"] = new JsonObject { ["name"] = "mine" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Delete, "/servers/" + id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Post, $"/servers/{id}/action", new JsonObject { ["os-stop"] = null })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Get, $"/servers/{id}/metadata")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Get, $"/servers/{id}/os-instance-actions")).Status);
        var (_, list) = await bob.SendAsync(HttpMethod.Get, "/servers/detail");
        Assert.Empty(list!["servers"]!.AsArray());

        var shown = await alice.ShowAsync(id);
        Assert.Equal("private", (string?)shown["name"]);
        Assert.Equal("ACTIVE", (string?)shown["status"]);
    }

    [Fact]
    public async Task A_request_without_a_token_is_401_with_WWW_Authenticate()
    {
        using var response = await _cloud.Http.GetAsync("/compute/v2.1/servers");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Keystone uri=\"http://kumo.test/identity\"", response.Headers.WwwAuthenticate.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(401, (int?)body["unauthorized"]!["code"]);
    }

    [Fact]
    public async Task A_reader_may_look_but_not_create()
    {
        var reader = await _cloud.ClientAsync("project-a", "rita", "reader");
        var (status, body) = await reader.SendAsync(HttpMethod.Post, "/servers", ServerCalls.CreateBody(_cloud, "nope"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os_compute_api:servers:create", ServerCalls.Message(body));
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(HttpMethod.Get, "/servers")).Status);
    }

    [Fact]
    public async Task Multiple_create_shares_a_reservation_id_and_names_each_server()
    {
        var client = await _cloud.ClientAsync("project-m", "mia");
        var body = ServerCalls.CreateBody(_cloud, "batch");
        body["server"]!["min_count"] = 2;
        body["server"]!["max_count"] = "3";
        body["server"]!["return_reservation_id"] = true;
        var (status, created) = await client.SendAsync(HttpMethod.Post, "/servers", body);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var reservation = (string)created!["reservation_id"]!;
        var (_, list) = await client.SendAsync(HttpMethod.Get, "/servers?reservation_id=" + reservation);
        Assert.Equal(["batch-1", "batch-2", "batch-3"], list!["servers"]!.AsArray().Select(s => (string)s!["name"]!).Order());
    }

    [Fact]
    public async Task Ips_are_empty_without_networking_and_a_network_is_404()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = await client.CreateServerAsync(_cloud, "no-nic");
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/servers/{id}/ips");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!["addresses"]!.AsObject());
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Get, $"/servers/{id}/ips/private")).Status);
    }

    [Fact]
    public async Task Availability_zones_list_nova_and_the_detail_is_for_admins()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var (status, zones) = await client.SendAsync(HttpMethod.Get, "/os-availability-zone");
        Assert.Equal(HttpStatusCode.OK, status);
        var zone = zones!["availabilityZoneInfo"]!.AsArray().Single()!;
        Assert.Equal("nova", (string?)zone["zoneName"]);
        Assert.True((bool)zone["zoneState"]!["available"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(HttpMethod.Get, "/os-availability-zone/detail")).Status);

        var admin = await _cloud.AdminClientAsync();
        var (_, detail) = await admin.SendAsync(HttpMethod.Get, "/os-availability-zone/detail");
        var nova = detail!["availabilityZoneInfo"]!.AsArray().Single(z => (string?)z!["zoneName"] == "nova")!;
        Assert.True((bool)nova["hosts"]!["compute-1"]!["nova-compute"]!["available"]!);
    }
}
