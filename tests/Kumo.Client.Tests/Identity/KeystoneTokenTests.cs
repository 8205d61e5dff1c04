using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Kumo.Client.Tests.Identity;

/// <summary>Keystone tokens as the CLI and the dashboard get them: password login, the catalog's endpoints, rescoping, revocation, expiry.</summary>
public sealed class KeystoneTokenTests
{
    [Fact]
    public async Task A_password_token_names_its_user_project_and_roles_and_its_catalog_leads_to_nova_and_glance()
    {
        await using var cloud = await ClientCloud.StartAsync();

        var token = await cloud.LoginAsync();

        Assert.Equal("admin", token.UserName);
        Assert.Equal("admin", token.Project?.Name);
        Assert.Contains("admin", token.Roles);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);
        var compute = token.Catalog.Find("compute");
        Assert.Equal("http://kumo.test/compute/v2.1/", compute?.OriginalString);
        Assert.Equal("http://kumo.test/image/", token.Catalog.Find("image")?.OriginalString);
        Assert.NotNull(token.Catalog.Find("compute", "internal", "RegionOne"));
        Assert.Null(token.Catalog.Find("compute", "public", "RegionTwo"));
        Assert.Null(token.Catalog.Find("volumev3"));

        var session = new KeystoneSession(cloud.Http, token.Id);
        var flavors = await session.SendAsync(HttpMethod.Get, new Uri(compute!, "flavors"));
        Assert.Contains("m1.tiny", (flavors.Body?["flavors"] as JsonArray ?? []).Select(f => (string?)f?["name"]));
        Assert.StartsWith("req-", flavors.RequestId);
    }

    [Fact]
    public async Task A_wrong_password_is_Keystones_401_with_its_message_and_request_id()
    {
        await using var cloud = await ClientCloud.StartAsync();

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() => cloud.Keystone.IssueAsync(
            KeystoneAuth.Password("admin", "Default", "not-the-password"), KeystoneAuth.ProjectByName("admin", "Default"), CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.Equal("The request you have made requires authentication.", error.Message);
        Assert.StartsWith("req-", error.RequestId);
    }

    [Fact]
    public async Task The_users_projects_come_by_name_and_a_token_rescoped_to_one_keeps_the_first_ones_expiry()
    {
        await using var cloud = await ClientCloud.StartAsync();
        var token = await cloud.LoginAsync();

        var projects = await cloud.Keystone.ProjectsAsync(token.Id, CancellationToken.None);
        Assert.Contains(projects, p => p.Name == "admin" && p.Id == token.Project!.Id);
        Assert.Equal(projects.Select(p => p.Name).Order(StringComparer.Ordinal), projects.Select(p => p.Name));

        var rescoped = await cloud.Keystone.IssueAsync(KeystoneAuth.Token(token.Id), KeystoneAuth.ProjectById(token.Project!.Id), CancellationToken.None);
        Assert.NotEqual(token.Id, rescoped.Id);
        Assert.Equal(token.Project, rescoped.Project);
        Assert.Equal(token.ExpiresAt, rescoped.ExpiresAt);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_by_nova_with_401_and_revoking_it_again_is_no_error()
    {
        await using var cloud = await ClientCloud.StartAsync();
        var token = await cloud.LoginAsync("demo");
        var session = new KeystoneSession(cloud.Http, token.Id);
        var servers = new Uri(token.Catalog.Find("compute")!, "servers");
        await session.GetAsync(servers, CancellationToken.None);

        await cloud.Keystone.RevokeAsync(token.Id, CancellationToken.None);

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() => session.GetAsync(servers, CancellationToken.None));
        Assert.Equal(401, error.Status);
        Assert.Equal("The request you have made requires authentication.", error.Message);
        await cloud.Keystone.RevokeAsync(token.Id, CancellationToken.None);
    }

    [Fact]
    public async Task A_token_past_its_lifetime_is_refused_with_401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cloud = await ClientCloud.StartAsync(time, o => o.Api.TokenExpiration = TimeSpan.FromMinutes(10));
        var token = await cloud.LoginAsync("demo");
        Assert.Equal(time.GetUtcNow().AddMinutes(10), token.ExpiresAt, TimeSpan.FromSeconds(1));
        var session = new KeystoneSession(cloud.Http, token.Id);
        var flavors = new Uri(token.Catalog.Find("compute")!, "flavors");
        await session.GetAsync(flavors, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<OpenStackApiException>(() => session.GetAsync(flavors, CancellationToken.None));
        Assert.Equal(401, error.Status);
        Assert.Equal("The request you have made requires authentication.", error.Message);
    }
}
