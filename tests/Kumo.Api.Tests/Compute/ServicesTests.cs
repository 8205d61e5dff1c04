using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Api.Tests.Compute;

public sealed class ServicesTests() : ApiCloudTest(TestClients.Admin)
{
    private static JsonObject HostBinary(string binary = "nova-compute") => new() { ["host"] = "compute-1", ["binary"] = binary };

    private async Task<JsonNode> ComputeServiceAsync() =>
        (await Admin.GetJsonAsync("/os-services?binary=nova-compute")).Body!["services"]!.AsArray().Single()!;

    [Fact]
    public async Task List_shows_every_unit_up_with_Novas_2_1_fields()
    {
        var (status, body) = await Admin.GetJsonAsync("/os-services");
        Assert.Equal(HttpStatusCode.OK, status);
        var services = body!["services"]!.AsArray();
        Assert.Equal(["nova-compute", "nova-conductor", "nova-scheduler"], services.Select(s => (string)s!["binary"]!).Order().ToArray());
        foreach (var service in services)
        {
            Assert.Equal(["binary", "disabled_reason", "host", "id", "state", "status", "updated_at", "zone"], service.Keys());
            Assert.Equal("up", (string?)service!["state"]);
            Assert.Equal("enabled", (string?)service["status"]);
        }
        Assert.Equal("nova", (string?)services.Single(s => (string?)s!["binary"] == "nova-compute")!["zone"]);
        Assert.Equal("internal", (string?)services.Single(s => (string?)s!["binary"] == "nova-conductor")!["zone"]);
    }

    [Fact]
    public async Task Filters_by_binary_and_host()
    {
        Assert.Single((await Admin.GetJsonAsync("/os-services?binary=nova-scheduler")).Body!["services"]!.AsArray());
        Assert.Equal(3, (await Admin.GetJsonAsync("/os-services?host=compute-1")).Body!["services"]!.AsArray().Count);
        Assert.Empty((await Admin.GetJsonAsync("/os-services?host=elsewhere")).Body!["services"]!.AsArray());
    }

    [Fact]
    public async Task Disable_with_a_reason_shows_in_services_and_hypervisors_and_enable_clears_it()
    {
        var body = HostBinary();
        body["disabled_reason"] = "maintenance";
        var (status, result) = await Admin.PutJsonAsync("/os-services/disable-log-reason", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["binary", "disabled_reason", "host", "status"], result!["service"].Keys());
        var service = await ComputeServiceAsync();
        Assert.Equal("disabled", (string?)service["status"]);
        Assert.Equal("maintenance", (string?)service["disabled_reason"]);
        var hypervisor = (await Admin.GetJsonAsync("/os-hypervisors/detail")).Body!["hypervisors"]![0]!;
        Assert.Equal("disabled", (string?)hypervisor["status"]);
        Assert.Equal("maintenance", (string?)hypervisor["service"]!["disabled_reason"]);
        Assert.Equal((long)service["id"]!, (long)hypervisor["service"]!["id"]!);

        (status, result) = await Admin.PutJsonAsync("/os-services/enable", HostBinary());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["binary", "host", "status"], result!["service"].Keys());
        service = await ComputeServiceAsync();
        Assert.Equal("enabled", (string?)service["status"]);
        Assert.Null((string?)service["disabled_reason"]);
    }

    [Fact]
    public async Task Disable_and_unknown_services()
    {
        var (status, result) = await Admin.PutJsonAsync("/os-services/disable", HostBinary("nova-scheduler"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("disabled", (string?)result!["service"]!["status"]);
        (status, result) = await Admin.PutJsonAsync("/os-services/disable", new JsonObject { ["host"] = "nowhere", ["binary"] = "nova-compute" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Could not find binary nova-compute on host nowhere.", result.NovaMessage());
        (status, result) = await Admin.PutJsonAsync("/os-services/disable", new JsonObject { ["host"] = "compute-1" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("binary", result.NovaMessage());
        Assert.Equal("enabled", (string?)(await ComputeServiceAsync())["status"]);
        // force-down arrived at 2.11.
        (status, _) = await Admin.PutJsonAsync("/os-services/force-down", new JsonObject { ["host"] = "compute-1", ["binary"] = "nova-compute", ["forced_down"] = true });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("up", (string?)(await ComputeServiceAsync())["state"]);
    }

    [Fact]
    public async Task Delete_is_204_except_for_a_compute_service_with_instances()
    {
        var scheduler = (await Admin.GetJsonAsync("/os-services?binary=nova-scheduler")).Body!["services"]![0]!;
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteJsonAsync($"/os-services/{(long)scheduler["id"]!}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteJsonAsync($"/os-services/{(long)scheduler["id"]!}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteJsonAsync("/os-services/abc")).Status);

        var compute = Cloud.Host.Api.App!.Services.GetRequiredService<ComputeApi>();
        var context = new RequestContext(RequestContext.NewRequestId(), "u-alice", "p-project-a") { Roles = ["member"] };
        var instance = await compute.CreateAsync(context, new CreateServerRequest("hosted", "0", Cloud.Image.Id, []));
        await InstanceWaiter.WaitForAsync(Cloud.Host.Shared.Stores.Instances, instance.Uuid, i => i.VmState == VmState.Active, "ACTIVE", TimeSpan.FromSeconds(30));
        var id = (long)(await ComputeServiceAsync())["id"]!;
        var (status, body) = await Admin.DeleteJsonAsync($"/os-services/{id}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("hosting instances", body.NovaMessage());
        Assert.Equal(id, (long)(await ComputeServiceAsync())["id"]!);
    }

    [Fact]
    public async Task Members_get_403()
    {
        var member = await Cloud.ClientAsync("project-a", "alice", "member", "reader");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetJsonAsync("/os-services")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutJsonAsync("/os-services/disable", HostBinary())).Status);
        Assert.Equal("enabled", (string?)(await ComputeServiceAsync())["status"]);
    }
}
