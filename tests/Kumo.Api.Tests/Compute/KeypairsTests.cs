using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute;

public sealed class KeypairsTests : IAsyncLifetime
{
    // Made with ssh-keygen; the fingerprints are what `ssh-keygen -l -E md5` printed for them.
    private const string Ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMCc1O8kcEXXomGa6X00e1BgM4qfmv1aD92xnMeIxbBE test@kumo";
    private const string Ed25519Fingerprint = "64:4f:77:fc:e6:da:6b:4e:d4:0d:f7:91:e2:58:a2:ab";
    private const string RsaKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCktJEk+h674Je34tAmmc+eSIVm6FVTi+nwAXLD6SLGMZz+0CkjVm57uzJ8uzRPb3l8hAko3NsUoCWH28tsp29/bSwvW5y+Ao2sdAU23ISoaGKZh04pxm6Lre5dJuMCugM5Nkn9ba0bPlMANNUaB0iD9r2v1j9zL40W5m2lk6/i0gPmbgMd8EAPEivfabm07dV+mv9mlb6t6V8/y9vaCPZbP8XYE6jNY/BQwpZN2Wp3R0Ux8FgiFPK66nXKhM25UiEE1kRJXhhyPz6EvfsGdhOcitWMFYnS5iTYmL6jupWV8Nt0EMHBPc/e5bUfpaaA9tdfERi623FSkjLjj/SJHx3Z rsa@kumo";
    private const string RsaFingerprint = "80:5d:60:ee:49:1a:fd:7c:53:a8:22:f1:f3:5a:4d:16";

    private ApiCloud _cloud = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice", "member", "reader");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static JsonObject Keypair(string name, string? publicKey = null)
    {
        var keypair = new JsonObject { ["name"] = name };
        if (publicKey is not null)
        {
            keypair["public_key"] = publicKey;
        }
        return new JsonObject { ["keypair"] = keypair };
    }

    [Theory]
    [InlineData(Ed25519Key, Ed25519Fingerprint)]
    [InlineData(RsaKey, RsaFingerprint)]
    public async Task Importing_a_public_key_computes_Novas_md5_fingerprint(string publicKey, string fingerprint)
    {
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", Keypair("imported", publicKey));
        Assert.Equal(HttpStatusCode.OK, status);
        var keypair = body!["keypair"]!;
        Assert.Equal(["fingerprint", "name", "public_key", "user_id"], keypair.Keys());
        Assert.Equal(fingerprint, (string?)keypair["fingerprint"]);
        Assert.Equal(publicKey, (string?)keypair["public_key"]);
        Assert.Equal("u-alice", (string?)keypair["user_id"]);
    }

    [Fact]
    public async Task Generating_returns_a_private_key_matching_the_public_key_and_its_fingerprint()
    {
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", Keypair("generated"));
        Assert.Equal(HttpStatusCode.OK, status);
        var keypair = body!["keypair"]!;
        Assert.Equal(["fingerprint", "name", "private_key", "public_key", "user_id"], keypair.Keys());
        var publicKey = (string)keypair["public_key"]!;
        Assert.StartsWith("ssh-rsa ", publicKey);
        var blob = Convert.FromBase64String(publicKey.Split(' ')[1]);
        Assert.Equal(string.Join(':', MD5.HashData(blob).Select(b => b.ToString("x2"))), (string?)keypair["fingerprint"]);

        using var rsa = RSA.Create();
        rsa.ImportFromPem((string)keypair["private_key"]!);
        var modulus = rsa.ExportParameters(false).Modulus!;
        Assert.True(blob.AsSpan().IndexOf(modulus) > 0, "the public key carries the private key's modulus");
        Assert.Equal(2048, rsa.KeySize);

        var (_, shown) = await _alice.GetJsonAsync("/os-keypairs/generated");
        Assert.Null(shown!["keypair"]!["private_key"]);
        Assert.Equal(publicKey, (string?)shown["keypair"]!["public_key"]);
    }

    [Fact]
    public async Task List_and_show_have_Novas_2_1_fields_and_delete_is_202()
    {
        await _alice.PostJsonAsync("/os-keypairs", Keypair("k1", Ed25519Key));
        var (status, body) = await _alice.GetJsonAsync("/os-keypairs");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = body!["keypairs"]!.AsArray().Single()!;
        Assert.Equal(["keypair"], item.Keys());
        Assert.Equal(["fingerprint", "name", "public_key"], item["keypair"].Keys());

        (status, body) = await _alice.GetJsonAsync("/os-keypairs/k1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["created_at", "deleted", "deleted_at", "fingerprint", "id", "name", "public_key", "updated_at", "user_id"], body!["keypair"].Keys());
        Assert.False((bool)body["keypair"]!["deleted"]!);
        Assert.True(DateTime.TryParse((string?)body["keypair"]!["created_at"], out _));

        Assert.Equal(HttpStatusCode.Accepted, (await _alice.DeleteJsonAsync("/os-keypairs/k1")).Status);
        (status, body) = await _alice.GetJsonAsync("/os-keypairs/k1");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Keypair k1 not found for user u-alice", body.NovaMessage());
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.DeleteJsonAsync("/os-keypairs/k1")).Status);
    }

    [Fact]
    public async Task A_duplicate_name_is_409_and_keeps_the_first_key()
    {
        await _alice.PostJsonAsync("/os-keypairs", Keypair("dup", Ed25519Key));
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", Keypair("dup", RsaKey));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Key pair 'dup' already exists.", body.NovaMessage());
        Assert.Equal(Ed25519Fingerprint, (string?)(await _alice.GetJsonAsync("/os-keypairs/dup")).Body!["keypair"]!["fingerprint"]);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("ssh-rsa AAAA")]
    [InlineData("ssh-rsa !!!notbase64")]
    [InlineData("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQCktJEk")]
    [InlineData("")]
    public async Task An_invalid_public_key_is_400_and_stores_nothing(string publicKey)
    {
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", Keypair("bad", publicKey));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Keypair data is invalid: failed to generate fingerprint", body.NovaMessage());
        Assert.Empty((await _alice.GetJsonAsync("/os-keypairs")).Body!["keypairs"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"keypair": {"name": "a/b"}}""", "unsafe characters")]
    [InlineData("""{"keypair": {}}""", "name")]
    [InlineData("""{"keypair": {"name": "k", "type": "ssh"}}""", "type")]
    [InlineData("""{"keypair": {"name": 5}}""", "name")]
    [InlineData("""{"kp": {"name": "k"}}""", "kp")]
    public async Task Invalid_bodies_are_400_naming_the_problem(string json, string expected)
    {
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, body.NovaMessage());
        Assert.Empty((await _alice.GetJsonAsync("/os-keypairs")).Body!["keypairs"]!.AsArray());
    }

    [Fact]
    public async Task Key_pairs_belong_to_their_user()
    {
        await _alice.PostJsonAsync("/os-keypairs", Keypair("alices", Ed25519Key));
        var carol = await _cloud.ClientAsync("project-a", "carol", "member", "reader");
        Assert.Empty((await carol.GetJsonAsync("/os-keypairs")).Body!["keypairs"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetJsonAsync("/os-keypairs/alices")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.DeleteJsonAsync("/os-keypairs/alices")).Status);
        // The same name is free for another user.
        Assert.Equal(HttpStatusCode.OK, (await carol.PostJsonAsync("/os-keypairs", Keypair("alices", RsaKey))).Status);
        Assert.Equal(Ed25519Fingerprint, (string?)(await _alice.GetJsonAsync("/os-keypairs/alices")).Body!["keypair"]!["fingerprint"]);
    }

    [Fact]
    public async Task The_key_pairs_quota_is_enforced_with_403()
    {
        var admin = await _cloud.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync("/os-quota-sets/p-project-a", JsonNode.Parse("""{"quota_set": {"key_pairs": 1}}"""))).Status);
        Assert.Equal(HttpStatusCode.OK, (await _alice.PostJsonAsync("/os-keypairs", Keypair("one", Ed25519Key))).Status);
        var (status, body) = await _alice.PostJsonAsync("/os-keypairs", Keypair("two", RsaKey));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Quota exceeded, too many key pairs.", body.NovaMessage());
        Assert.Single((await _alice.GetJsonAsync("/os-keypairs")).Body!["keypairs"]!.AsArray());
    }
}
