using System.Net;
using Kumo.Api.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Api.Tests.Identity;

public sealed class TokenLifecycleTests
{
    // Behind a token on the identity side; every API group shares the one TokenAuthentication filter.
    private const string Protected = "/identity/v3/auth/catalog";

    [Fact]
    public async Task A_token_validates_with_GET_and_HEAD_and_an_unknown_subject_is_404()
    {
        await using var cloud = await ApiCloud.StartAsync();
        var admin = await cloud.AdminClientAsync();
        var demoToken = await cloud.IssueTokenAsync("demo", ApiCloud.DemoPassword, "demo");

        var get = await Subject(admin, HttpMethod.Get, demoToken);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(demoToken, get.Headers.GetValues("X-Subject-Token").Single());
        Assert.Equal("demo", (string?)(await get.BodyAsync())["token"]!["user"]!["name"]);
        Assert.Equal(HttpStatusCode.OK, (await Subject(admin, HttpMethod.Head, demoToken)).StatusCode);

        var unknown = await Subject(admin, HttpMethod.Get, "not-a-token");
        Assert.Equal("Failed to validate token", (string?)(await unknown.KeystoneErrorAsync(404))["message"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Subject(admin, HttpMethod.Head, "not-a-token")).StatusCode);
    }

    [Fact]
    public async Task A_user_may_validate_his_own_token_but_not_another_users()
    {
        await using var cloud = await ApiCloud.StartAsync();
        var demo = await cloud.ClientAsync("demo", "demo");
        var own = demo.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        Assert.Equal(HttpStatusCode.OK, (await Subject(demo, HttpMethod.Get, own)).StatusCode);
        var adminToken = await cloud.IssueTokenAsync("admin", ApiCloud.AdminPassword, "admin");
        var error = await (await Subject(demo, HttpMethod.Get, adminToken)).KeystoneErrorAsync(403);
        Assert.Equal("You are not authorized to perform the requested action: identity:validate_token.", (string?)error["message"]);
    }

    [Fact]
    public async Task A_missing_or_unknown_token_is_401_with_where_to_authenticate()
    {
        await using var cloud = await ApiCloud.StartAsync();
        var response = await cloud.Http.GetAsync(Protected);
        await response.KeystoneErrorAsync(401);
        Assert.Equal("Keystone uri=\"http://kumo.test/identity\"", response.Headers.WwwAuthenticate.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, Protected);
        request.Headers.Add("X-Auth-Token", "A".PadRight(43, 'A'));
        await (await cloud.Http.SendAsync(request)).KeystoneErrorAsync(401);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_everywhere_and_no_longer_validates()
    {
        await using var cloud = await ApiCloud.StartAsync();
        var admin = await cloud.AdminClientAsync();
        var demo = await cloud.ClientAsync("demo", "demo");
        var token = demo.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync(Protected)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Subject(demo, HttpMethod.Delete, token)).StatusCode);

        await (await demo.GetAsync(Protected)).KeystoneErrorAsync(401);
        await (await demo.GetAsync("/identity/v3/users/" + "x")).KeystoneErrorAsync(401);
        Assert.Equal(HttpStatusCode.NotFound, (await Subject(admin, HttpMethod.Get, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Protected)).StatusCode);
    }

    [Fact]
    public async Task A_token_expires_after_the_configured_lifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cloud = await ApiCloud.StartAsync(configure: o => o.Api.TokenExpiration = TimeSpan.FromMinutes(10), time: time);
        var demo = await cloud.ClientAsync("demo", "demo");
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync(Protected)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await demo.GetAsync(Protected)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(1));
        await (await demo.GetAsync(Protected)).KeystoneErrorAsync(401);
    }

    [Fact]
    public async Task Tokens_survive_a_restart_on_the_same_state_dir()
    {
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-api-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            string token;
            await using (var first = await ApiCloud.StartAsync(stateDir: stateDir))
            {
                token = await first.IssueTokenAsync("demo", ApiCloud.DemoPassword, "demo");
            }
            await using var second = await ApiCloud.StartAsync(stateDir: stateDir);
            using var request = new HttpRequestMessage(HttpMethod.Get, Protected);
            request.Headers.Add("X-Auth-Token", token);
            Assert.Equal(HttpStatusCode.OK, (await second.Http.SendAsync(request)).StatusCode);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    [Fact]
    public async Task No_log_line_ever_contains_a_token()
    {
        using var logs = new CapturingLoggerProvider();
        var tokens = new List<string>();
        await using (var cloud = await ApiCloud.StartAsync(loggers: logs.CreateFactory()))
        {
            var admin = await cloud.AdminClientAsync();
            tokens.Add(admin.DefaultRequestHeaders.GetValues("X-Auth-Token").Single());
            var demoToken = await cloud.IssueTokenAsync("demo", ApiCloud.DemoPassword, "demo");
            tokens.Add(demoToken);
            await Subject(admin, HttpMethod.Get, demoToken);
            await Subject(admin, HttpMethod.Delete, demoToken);
            await admin.GetAsync(Protected);
        }
        Assert.Contains(logs.Lines, l => l.Contains("Issued a token", StringComparison.Ordinal));
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        }
    }

    private static Task<HttpResponseMessage> Subject(HttpClient client, HttpMethod method, string subject)
    {
        var request = new HttpRequestMessage(method, "/identity/v3/auth/tokens");
        request.Headers.Add("X-Subject-Token", subject);
        return client.SendAsync(request);
    }
}
