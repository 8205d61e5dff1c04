using System.Net;
using Kumo.Api.Tests.Support;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Api.Tests.Compute;

public sealed class HypervisorsTests() : ApiCloudTest(TestClients.Admin)
{
    private static readonly string[] DetailFields =
    [
        "cpu_info", "current_workload", "disk_available_least", "free_disk_gb", "free_ram_mb", "host_ip", "hypervisor_hostname",
        "hypervisor_type", "hypervisor_version", "id", "local_gb", "local_gb_used", "memory_mb", "memory_mb_used", "running_vms",
        "service", "state", "status", "vcpus", "vcpus_used",
    ];

    [Fact]
    public async Task List_shows_the_fake_node_up_and_enabled()
    {
        var (status, body) = await Admin.GetJsonAsync("/os-hypervisors");
        Assert.Equal(HttpStatusCode.OK, status);
        var hypervisor = body!["hypervisors"]!.AsArray().Single()!;
        Assert.Equal(["hypervisor_hostname", "id", "state", "status"], hypervisor.Keys());
        Assert.Equal("fake-node", (string?)hypervisor["hypervisor_hostname"]);
        Assert.Equal("up", (string?)hypervisor["state"]);
        Assert.Equal("enabled", (string?)hypervisor["status"]);
    }

    [Fact]
    public async Task Detail_and_show_report_the_fake_drivers_resources()
    {
        var resources = Cloud.Driver.GetAvailableResources();
        var (status, body) = await Admin.GetJsonAsync("/os-hypervisors/detail");
        Assert.Equal(HttpStatusCode.OK, status);
        var detail = body!["hypervisors"]!.AsArray().Single()!;
        Assert.Equal(DetailFields, detail.Keys());
        Assert.Equal(resources.Vcpus, (int)detail["vcpus"]!);
        Assert.Equal(resources.MemoryMb, (int)detail["memory_mb"]!);
        Assert.Equal(resources.LocalGb, (int)detail["local_gb"]!);
        Assert.Equal(resources.HypervisorType, (string?)detail["hypervisor_type"]);
        Assert.Equal(resources.HypervisorVersion, (long)detail["hypervisor_version"]!);
        Assert.Equal("compute-1", (string?)detail["service"]!["host"]);
        Assert.Equal("127.0.0.1", (string?)detail["host_ip"]);

        var id = (long)detail["id"]!;
        (status, body) = await Admin.GetJsonAsync($"/os-hypervisors/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DetailFields, body!["hypervisor"].Keys());
        (status, body) = await Admin.GetJsonAsync("/os-hypervisors/999");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("999", body.NovaMessage());
    }

    [Fact]
    public async Task Statistics_count_an_active_server()
    {
        var compute = Cloud.Host.Api.App!.Services.GetRequiredService<ComputeApi>();
        var context = new RequestContext(RequestContext.NewRequestId(), "u-alice", "p-project-a") { Roles = ["member"] };
        var instance = await compute.CreateAsync(context, new CreateServerRequest("stat", "3", Cloud.Image.Id, []));
        await InstanceWaiter.WaitForAsync(Cloud.Host.Shared.Stores.Instances, instance.Uuid, i => i.VmState == VmState.Active, "ACTIVE", TimeSpan.FromSeconds(30));

        var resources = Cloud.Driver.GetAvailableResources();
        var (status, body) = await Admin.GetJsonAsync("/os-hypervisors/statistics");
        Assert.Equal(HttpStatusCode.OK, status);
        var stats = body!["hypervisor_statistics"]!;
        Assert.Equal(["count", "current_workload", "disk_available_least", "free_disk_gb", "free_ram_mb", "local_gb", "local_gb_used",
            "memory_mb", "memory_mb_used", "running_vms", "vcpus", "vcpus_used"], stats.Keys());
        Assert.Equal(1, (int)stats["count"]!);
        Assert.Equal(resources.Vcpus, (int)stats["vcpus"]!);
        Assert.Equal(2, (int)stats["vcpus_used"]!);
        Assert.Equal(1, (int)stats["running_vms"]!);
        Assert.Equal(40, (int)stats["local_gb_used"]!);
        Assert.Equal(resources.LocalGb - 40, (int)stats["free_disk_gb"]!);
        Assert.Equal((int)stats["memory_mb"]! - (int)stats["memory_mb_used"]!, (int)stats["free_ram_mb"]!);
    }

    [Fact]
    public async Task Search_and_servers_match_the_hostname_and_uptime_is_not_implemented()
    {
        var (status, body) = await Admin.GetJsonAsync("/os-hypervisors/fake/search");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(body!["hypervisors"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetJsonAsync("/os-hypervisors/nothing-like-it/search")).Status);
        (status, body) = await Admin.GetJsonAsync("/os-hypervisors/fake/servers");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["hypervisors"]![0]!["servers"]);
        var id = (long)(await Admin.GetJsonAsync("/os-hypervisors")).Body!["hypervisors"]![0]!["id"]!;
        Assert.Equal(HttpStatusCode.NotImplemented, (await Admin.GetJsonAsync($"/os-hypervisors/{id}/uptime")).Status);
    }

    [Theory]
    [InlineData("/os-hypervisors")]
    [InlineData("/os-hypervisors/detail")]
    [InlineData("/os-hypervisors/statistics")]
    [InlineData("/os-hypervisors/1")]
    public async Task Members_get_403(string path)
    {
        var member = await Cloud.ClientAsync("project-a", "alice", "member", "reader");
        var (status, body) = await member.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os_compute_api:os-hypervisors", body.NovaMessage());
    }
}
