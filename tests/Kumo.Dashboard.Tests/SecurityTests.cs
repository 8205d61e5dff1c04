using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>No page without a session, no form without its token, no markup from names or console output.</summary>
[Trait("Category", "Browser")]
public sealed class SecurityTests(DashboardCloud cloud) : IClassFixture<DashboardCloud>
{
    [Theory]
    [InlineData("/servers")]
    [InlineData("/servers/launch")]
    [InlineData("/servers/00000000-0000-0000-0000-000000000000")]
    [InlineData("/images")]
    [InlineData("/flavors")]
    [InlineData("/keypairs")]
    [InlineData("/host")]
    [InlineData("/networks")]
    [InlineData("/live/servers")]
    public async Task No_page_is_served_without_a_session(string path)
    {
        using var http = new DashboardHttp(cloud.DashboardUrl);
        var answer = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(new Uri(cloud.DashboardUrl, "/login").ToString(), answer.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var http = new DashboardHttp(cloud.DashboardUrl);
        await http.LoginAsync("alice", DashboardCloud.PasswordOf("alice"), "alpha");
        var launch = await http.PostFormAsync("/servers/launch", new Dictionary<string, string> { ["name"] = "csrf-made", ["flavor"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        var logout = await http.PostFormAsync("/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);

        var list = await http.GetAsync("/servers");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("csrf-made", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_named_script_is_shown_as_text_in_the_list_and_its_console()
    {
        const string name = "<script>window.kumoInjected=1</script>";
        using var api = new HttpClient { BaseAddress = cloud.ApiUrl };
        var login = await api.PostAsJsonAsync("/identity/v3/auth/tokens", new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject { ["name"] = "bob", ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = DashboardCloud.PasswordOf("bob") },
                    },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "beta", ["domain"] = new JsonObject { ["name"] = "Default" } } },
            },
        });
        api.DefaultRequestHeaders.Add("X-Auth-Token", login.Headers.GetValues("X-Subject-Token").Single());
        var created = await api.PostAsJsonAsync("/compute/v2.1/servers", new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = name, ["flavorRef"] = "1", ["imageRef"] = cloud.Image.Id },
        });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["server"]!["id"]!;

        using var http = new DashboardHttp(cloud.DashboardUrl);
        await http.LoginAsync("bob", DashboardCloud.PasswordOf("bob"), "beta");
        var html = await (await http.GetAsync("/servers")).Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;window.kumoInjected=1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "bob", DashboardCloud.PasswordOf("bob"), "beta");
        await Expect(page.Locator($"#servers tr[data-id='{id}'] [data-col=name]")).ToHaveTextAsync(name);
        await page.GotoAsync("/servers/" + id);
        await Expect(page.Locator("#console")).ToContainTextAsync(DashboardCloud.ConsoleMarker + " " + name);
        await Expect(page.Locator("#server-name")).ToHaveTextAsync(name);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.kumoInjected ?? null"));
    }
}
