using System.Text.RegularExpressions;
using Kumo.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>Sessions and projects in the browser: isolation between projects, logout, the project switcher.</summary>
[Trait("Category", "Browser")]
public sealed class SessionBrowserTests(DashboardCloud cloud) : IClassFixture<DashboardCloud>, IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task A_second_projects_user_sees_none_of_the_first_projects_servers()
    {
        var alice = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(alice, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        await alice.GotoAsync("/servers/launch");
        await alice.FillAsync("#name", "alpha-secret");
        await alice.ClickAsync("#launch");
        var row = alice.Locator("#servers tbody tr", new() { HasText = "alpha-secret" });
        await Expect(row.Locator(".status")).ToHaveTextAsync("ACTIVE");
        var id = await row.GetAttributeAsync("data-id");

        var bob = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(bob, "bob", DashboardCloud.PasswordOf("bob"), "beta");
        await Expect(bob.Locator("#live")).ToHaveTextAsync("live");
        await Expect(bob.Locator("#servers tbody tr")).ToHaveCountAsync(0);
        await Expect(bob.Locator("#empty")).ToBeVisibleAsync();
        Assert.DoesNotContain("alpha-secret", await bob.ContentAsync(), StringComparison.Ordinal);

        var answer = await bob.GotoAsync("/servers/" + id);
        Assert.Equal(404, answer!.Status);
        await Expect(bob.Locator(".problem")).ToContainTextAsync("could not be found");
        Assert.DoesNotContain("alpha-secret", await bob.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at Kumo.", await bob.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_out_ends_the_session_and_the_old_cookie_no_longer_works()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        // No project named: the first of carol's projects, through an unscoped token that is revoked at once.
        await Chromium.LoginAsync(page, "carol", DashboardCloud.PasswordOf("carol"));
        await Expect(page.Locator("h1")).ToContainTextAsync("in alpha");
        Assert.Equal(1, await cloud.LiveTokensAsync("u-carol"));
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "kumo_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(Microsoft.Playwright.SameSiteAttribute.Strict, session.SameSite);

        await page.ClickAsync("#logout");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        Assert.Equal(0, await cloud.LiveTokensAsync("u-carol"));
        await page.GotoAsync("/servers");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));

        var replay = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await replay.Context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        await replay.GotoAsync("/servers");
        await Expect(replay).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        await Expect(replay.Locator("#username")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_project_switcher_lists_the_users_projects_and_rescopes()
    {
        await cloud.GrantAsync("beta", "alice");
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        var options = await page.Locator("#project-switch option").AllTextContentsAsync();
        Assert.Equal(["alpha", "beta"], options.Order(StringComparer.Ordinal));
        await page.SelectOptionAsync("#project-switch", new Microsoft.Playwright.SelectOptionValue { Label = "beta" });
        await page.ClickAsync("form[action='/project'] button");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("in beta");
    }
}
