using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Objects.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Api.Tests.Compute;

public sealed class QuotasTests : IAsyncLifetime
{
    private static readonly string[] QuotaSetFields =
    [
        "cores", "fixed_ips", "floating_ips", "id", "injected_file_content_bytes", "injected_file_path_bytes", "injected_files",
        "instances", "key_pairs", "metadata_items", "ram", "security_group_rules", "security_groups", "server_group_members", "server_groups",
    ];

    private static readonly string[] AbsoluteFields =
    [
        "maxImageMeta", "maxPersonality", "maxPersonalitySize", "maxSecurityGroupRules", "maxSecurityGroups", "maxServerGroupMembers",
        "maxServerGroups", "maxServerMeta", "maxTotalCores", "maxTotalFloatingIps", "maxTotalInstances", "maxTotalKeypairs", "maxTotalRAMSize",
        "totalCoresUsed", "totalFloatingIpsUsed", "totalInstancesUsed", "totalRAMUsed", "totalSecurityGroupsUsed", "totalServerGroupsUsed",
    ];

    private ApiCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _admin = await _cloud.AdminClientAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice", "member", "reader");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private ComputeApi Compute => _cloud.Host.Api.App!.Services.GetRequiredService<ComputeApi>();

    private static RequestContext Alice() => new(RequestContext.NewRequestId(), "u-alice", "p-project-a") { Roles = ["member", "reader"] };

    private Task<Instance> CreateAsync(string name, string flavorId = "3") =>
        Compute.CreateAsync(Alice(), new CreateServerRequest(name, flavorId, _cloud.Image.Id, []));

    private async Task<int> ProjectInstancesAsync() =>
        (await _cloud.Host.Shared.Stores.Instances.ListAsync()).Count(i => i.ProjectId == "p-project-a");

    private Task<(HttpStatusCode Status, JsonNode? Body)> SetQuotaAsync(string json) =>
        _admin.PutJsonAsync("/os-quota-sets/p-project-a", JsonNode.Parse(json));

    [Fact]
    public async Task Limits_have_Novas_2_1_fields_and_the_defaults()
    {
        var (status, body) = await _alice.GetJsonAsync("/limits");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["absolute", "rate"], body!["limits"].Keys());
        var absolute = body["limits"]!["absolute"]!;
        Assert.Equal(AbsoluteFields, absolute.Keys());
        Assert.Equal(10, (int)absolute["maxTotalInstances"]!);
        Assert.Equal(20, (int)absolute["maxTotalCores"]!);
        Assert.Equal(51200, (int)absolute["maxTotalRAMSize"]!);
        Assert.Equal(0, (int)absolute["totalInstancesUsed"]!);
        Assert.Empty(body["limits"]!["rate"]!.AsArray());
    }

    [Fact]
    public async Task Limits_reflect_an_active_server_and_its_deletion()
    {
        var instance = await CreateAsync("counted");
        await InstanceWaiter.WaitForAsync(_cloud.Host.Shared.Stores.Instances, instance.Uuid, i => i.VmState == VmState.Active, "ACTIVE", TimeSpan.FromSeconds(30));
        var absolute = (await _alice.GetJsonAsync("/limits")).Body!["limits"]!["absolute"]!;
        Assert.Equal(1, (int)absolute["totalInstancesUsed"]!);
        Assert.Equal(2, (int)absolute["totalCoresUsed"]!);
        Assert.Equal(4096, (int)absolute["totalRAMUsed"]!);

        await Compute.DeleteAsync(Alice(), instance.Uuid);
        await WaitUntilAsync(async () => (await _cloud.Host.Shared.Stores.Instances.TryGetAsync(instance.Uuid)) is null);
        absolute = (await _alice.GetJsonAsync("/limits")).Body!["limits"]!["absolute"]!;
        Assert.Equal(0, (int)absolute["totalInstancesUsed"]!);
        Assert.Equal(0, (int)absolute["totalCoresUsed"]!);
    }

    [Fact]
    public async Task Over_quota_is_403_in_Novas_words_and_creates_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await SetQuotaAsync("""{"quota_set": {"cores": 4}}""")).Status);
        await CreateAsync("first");
        await CreateAsync("second");
        var before = await ProjectInstancesAsync();
        var error = await Assert.ThrowsAsync<QuotaExceededException>(() => CreateAsync("third"));
        Assert.Equal(403, error.Code);
        Assert.Equal("Quota exceeded for cores: Requested 2, but already used 4 of 4 cores", error.Message);
        Assert.Equal(before, await ProjectInstancesAsync());
        Assert.Equal(2, before);
    }

    [Fact]
    public async Task Several_resources_over_quota_are_named_together()
    {
        await SetQuotaAsync("""{"quota_set": {"instances": 1, "ram": 1000}}""");
        var error = await Assert.ThrowsAsync<QuotaExceededException>(() => CreateAsync("big"));
        Assert.Equal("Quota exceeded for ram: Requested 4096, but already used 0 of 1000 ram", error.Message);
        await SetQuotaAsync("""{"quota_set": {"ram": -1}}""");
        await CreateAsync("one");
        error = await Assert.ThrowsAsync<QuotaExceededException>(() => CreateAsync("two"));
        Assert.Equal("Quota exceeded for instances: Requested 1, but already used 1 of 1 instances", error.Message);
    }

    [Fact]
    public async Task Concurrent_creates_at_the_quota_edge_never_exceed_it()
    {
        await SetQuotaAsync("""{"quota_set": {"instances": 3}}""");
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                await CreateAsync($"racer-{i}", flavorId: "0");
                return true;
            }
            catch (QuotaExceededException)
            {
                return false;
            }
        })).ToArray();
        start.Release(attempts.Length);
        var results = await Task.WhenAll(attempts);
        Assert.Equal(3, results.Count(ok => ok));
        Assert.Equal(3, await ProjectInstancesAsync());
        Assert.Equal(3, (int)(await _alice.GetJsonAsync("/limits")).Body!["limits"]!["absolute"]!["totalInstancesUsed"]!);
    }

    [Fact]
    public async Task Quota_set_show_defaults_and_detail_have_Novas_fields()
    {
        var (status, body) = await _alice.GetJsonAsync("/os-quota-sets/p-project-a");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(QuotaSetFields, body!["quota_set"].Keys());
        Assert.Equal("p-project-a", (string?)body["quota_set"]!["id"]);
        (status, body) = await _alice.GetJsonAsync("/os-quota-sets/p-project-a/defaults");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10, (int)body!["quota_set"]!["instances"]!);
        await CreateAsync("one", flavorId: "1");
        (status, body) = await _alice.GetJsonAsync("/os-quota-sets/p-project-a/detail");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(QuotaSetFields, body!["quota_set"].Keys());
        Assert.Equal(1, (int)body["quota_set"]!["instances"]!["in_use"]!);
        Assert.Equal(512, (int)body["quota_set"]!["ram"]!["in_use"]!);
        Assert.Equal(10, (int)body["quota_set"]!["instances"]!["limit"]!);
    }

    [Fact]
    public async Task Admin_updates_and_deletes_a_quota_set_back_to_the_defaults()
    {
        var (status, body) = await SetQuotaAsync("""{"quota_set": {"instances": "25", "cores": -1}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("id", body!["quota_set"].Keys());
        Assert.Equal(25, (int)body["quota_set"]!["instances"]!);
        Assert.Equal(-1, (int)body["quota_set"]!["cores"]!);
        Assert.Equal(25, (int)(await _alice.GetJsonAsync("/limits")).Body!["limits"]!["absolute"]!["maxTotalInstances"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.DeleteJsonAsync("/os-quota-sets/p-project-a")).Status);
        Assert.Equal(10, (int)(await _alice.GetJsonAsync("/os-quota-sets/p-project-a")).Body!["quota_set"]!["instances"]!);
    }

    [Theory]
    [InlineData("""{"quota_set": {"instances": -2}}""", "instances")]
    [InlineData("""{"quota_set": {"instances": "many"}}""", "instances")]
    [InlineData("""{"quota_set": {"wings": 2}}""", "wings")]
    [InlineData("""{"quota": {"instances": 2}}""", "quota")]
    public async Task Invalid_updates_are_400_and_change_nothing(string json, string field)
    {
        var (status, body) = await SetQuotaAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, body.NovaMessage());
        Assert.Equal(10, (int)(await _alice.GetJsonAsync("/os-quota-sets/p-project-a")).Body!["quota_set"]!["instances"]!);
    }

    [Fact]
    public async Task A_limit_below_usage_needs_force()
    {
        await CreateAsync("a", flavorId: "0");
        await CreateAsync("b", flavorId: "0");
        var (status, body) = await SetQuotaAsync("""{"quota_set": {"instances": 1}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Quota limit 1 for instances must be greater than or equal to already used and reserved 2.", body.NovaMessage());
        (status, _) = await SetQuotaAsync("""{"quota_set": {"instances": 1, "force": true}}""");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Members_cannot_change_quotas_or_read_another_projects()
    {
        var (status, body) = await _alice.PutJsonAsync("/os-quota-sets/p-project-a", JsonNode.Parse("""{"quota_set": {"instances": 100}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os-quota-sets:update", body.NovaMessage());
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.DeleteJsonAsync("/os-quota-sets/p-project-a")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetJsonAsync("/os-quota-sets/p-project-b")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _alice.GetJsonAsync("/os-quota-class-sets/default")).Status);
        Assert.Equal(10, (int)(await _alice.GetJsonAsync("/os-quota-sets/p-project-a")).Body!["quota_set"]!["instances"]!);
    }

    [Fact]
    public async Task The_default_quota_class_sets_every_projects_defaults()
    {
        var (status, body) = await _admin.GetJsonAsync("/os-quota-class-sets/default");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("default", (string?)body!["quota_class_set"]!["id"]);
        (status, body) = await _admin.PutJsonAsync("/os-quota-class-sets/default", JsonNode.Parse("""{"quota_class_set": {"instances": 2}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)body!["quota_class_set"]!["instances"]!);
        Assert.Equal(2, (int)(await _alice.GetJsonAsync("/limits")).Body!["limits"]!["absolute"]!["maxTotalInstances"]!);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(10);
        }
    }
}
