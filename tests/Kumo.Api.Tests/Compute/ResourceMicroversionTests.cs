using System.Text.Json.Nodes;
using Kumo.Api.Compute;
using Kumo.Api.Compute.Flavors;
using Kumo.Api.Compute.Keypairs;
using Kumo.Api.Compute.Quotas;
using Kumo.Api.Infrastructure;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Flavors;

namespace Kumo.Api.Tests.Compute;

/// <summary>
/// The shapes of microversions above what the API serves today (Microversion.Max), checked on the views
/// themselves so that raising Max finds them right: the HTTP tests cover every version served.
/// </summary>
public sealed class ResourceMicroversionTests
{
    private static readonly Flavor Tiny = new()
    {
        Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1, Description = "small",
        ExtraSpecs = new Dictionary<string, string> { ["hw:cpu_policy"] = "shared" },
    };

    private static readonly FlavorView View = new(new ApiOptions { PublicUrl = "http://kumo.test" });

    [Fact]
    public void Flavors_gain_description_at_2_55_extra_specs_at_2_61_and_a_numeric_swap_at_2_75()
    {
        Assert.DoesNotContain("description", View.Basic(Tiny, new Microversion(2, 54)).Keys());
        Assert.Equal(["description", "id", "links", "name"], View.Basic(Tiny, new Microversion(2, 55)).Keys());
        var at255 = View.Detail(Tiny, new Microversion(2, 55));
        Assert.Equal("small", (string?)at255["description"]);
        Assert.DoesNotContain("extra_specs", at255.Keys());
        var at261 = View.Detail(Tiny, new Microversion(2, 61));
        Assert.Equal("shared", (string?)at261["extra_specs"]!["hw:cpu_policy"]);
        Assert.Equal("", (string?)at261["swap"]);
        Assert.Equal(0, (int)View.Detail(Tiny, new Microversion(2, 75))["swap"]!);
    }

    [Fact]
    public void Flavor_create_accepts_description_from_2_55()
    {
        var body = JsonNode.Parse("""{"flavor": {"name": "d", "ram": 64, "vcpus": 1, "disk": 0, "description": "for docs"}}""")!.AsObject();
        Assert.Throws<ApiException>(() => FlavorCreateRequest.Parse(body, new Microversion(2, 54)));
        Assert.Equal("for docs", FlavorCreateRequest.Parse(body, new Microversion(2, 55)).Description);
    }

    [Fact]
    public void Keypair_create_accepts_type_from_2_2_and_user_id_from_2_10()
    {
        var typed = JsonNode.Parse("""{"keypair": {"name": "k", "type": "x509"}}""")!.AsObject();
        Assert.Throws<ApiException>(() => KeypairCreateRequest.Parse(typed, Microversion.Min));
        Assert.Equal("x509", KeypairCreateRequest.Parse(typed, new Microversion(2, 2)).Type);
        var forUser = JsonNode.Parse("""{"keypair": {"name": "k", "user_id": "u-bob"}}""")!.AsObject();
        Assert.Throws<ApiException>(() => KeypairCreateRequest.Parse(forUser, new Microversion(2, 9)));
        Assert.Equal("u-bob", KeypairCreateRequest.Parse(forUser, new Microversion(2, 10)).UserId);
        var badType = JsonNode.Parse("""{"keypair": {"name": "k", "type": "pgp"}}""")!.AsObject();
        Assert.Contains("pgp", Assert.Throws<ApiException>(() => KeypairCreateRequest.Parse(badType, new Microversion(2, 2))).Message);
    }

    [Fact]
    public void Quota_sets_drop_network_proxies_at_2_36_and_injection_at_2_57()
    {
        var at236 = QuotaView.Resources(new Microversion(2, 36)).ToList();
        Assert.DoesNotContain("floating_ips", at236);
        Assert.Contains("injected_files", at236);
        Assert.Equal(["cores", "instances", "key_pairs", "metadata_items", "ram", "server_group_members", "server_groups"],
            QuotaView.Resources(new Microversion(2, 57)).Order().ToArray());
    }
}
