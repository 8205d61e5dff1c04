using Kumo.Identity.Admin;
using Kumo.Identity.Bootstrap;
using Kumo.Identity.Tokens;
using Kumo.Objects.Identity;

namespace Kumo.Api.Tests.Identity;

public sealed class IdentityUnitTests
{
    [Fact]
    public void Implied_roles_expand_transitively_once_each_even_with_a_cycle()
    {
        ImpliedRole[] implied = [new("admin", "member"), new("member", "reader"), new("reader", "admin")];
        Assert.Equal(["admin", "member", "reader"], EffectiveRoles.Expand(["admin"], implied));
        Assert.Equal(["member", "reader", "admin"], EffectiveRoles.Expand(["member", "member"], implied));
        Assert.Equal(["other"], EffectiveRoles.Expand(["other"], implied));
    }

    [Fact]
    public void Passwords_with_quotes_survive_the_openrc_and_clouds_yaml_round_trip()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kumo-creds-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var awkward = "it's a \"p@ss\" $HOME `x`";
            var admin = new CloudCredentials("kumo-admin", "http://h/identity/v3", "RegionOne", "admin", awkward, "admin");
            var demo = new CloudCredentials("kumo-demo", "http://h/identity/v3", "RegionOne", "demo", "plain", "demo");
            var openrc = Path.Combine(directory, "openrc");
            var clouds = Path.Combine(directory, "clouds.yaml");
            Assert.True(CredentialFiles.Write(openrc, CredentialFiles.Openrc(admin)));
            Assert.True(CredentialFiles.Write(clouds, CredentialFiles.CloudsYaml([admin, demo])));
            Assert.Equal(awkward, CredentialFiles.ReadPassword(openrc, "kumo-admin"));
            Assert.Equal(awkward, CredentialFiles.ReadPassword(clouds, "kumo-admin"));
            Assert.Equal("plain", CredentialFiles.ReadPassword(clouds, "kumo-demo"));
            Assert.Null(CredentialFiles.ReadPassword(clouds, "kumo-other"));
            Assert.Single(Directory.GetFiles(directory, "*", SearchOption.AllDirectories), f => f.EndsWith("openrc", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_token_hash_is_sha256_hex_and_never_the_token()
    {
        var hash = TokenService.HashOf("abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }
}
