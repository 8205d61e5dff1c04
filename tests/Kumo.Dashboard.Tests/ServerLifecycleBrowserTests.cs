using System.Text.RegularExpressions;
using Kumo.Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>A user's day with servers, in a real headless Chromium against kumo serve on the fake driver.</summary>
[Trait("Category", "Browser")]
public sealed class ServerLifecycleBrowserTests(DashboardCloud cloud) : IClassFixture<DashboardCloud>, IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task A_launched_server_goes_from_BUILD_to_ACTIVE_without_a_reload_then_shows_its_console_stops_starts_and_is_deleted()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        cloud.HoldBuilds();
        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", "web-1");
        await page.FillAsync("#userdata", "#cloud-config\n");
        var tiny = await page.Locator("#flavor option", new() { HasText = "m1.tiny" }).GetAttributeAsync("value");
        await page.SelectOptionAsync("#flavor", tiny!);
        await Chromium.ScreenshotAsync(page, "launch");
        await page.ClickAsync("#launch");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));

        var row = page.Locator("#servers tbody tr", new() { HasText = "web-1" });
        await Expect(row.Locator(".status")).ToHaveTextAsync("BUILD");
        await page.EvaluateAsync("() => { window.kumoNoReload = true; }");
        cloud.ReleaseBuilds();
        await Expect(row.Locator(".status")).ToHaveTextAsync("ACTIVE");
        await Expect(row.Locator("[data-col=power]")).ToHaveTextAsync("Running");
        Assert.True(await page.EvaluateAsync<bool>("() => window.kumoNoReload === true"), "the page was reloaded");
        await Expect(row.Locator("[data-col=flavor]")).ToHaveTextAsync("m1.tiny");
        await Expect(row.Locator("[data-col=image]")).ToHaveTextAsync("test-image");
        await Chromium.ScreenshotAsync(page, "servers");

        await row.Locator("[data-col=name] a").ClickAsync();
        await Expect(page.Locator("#server-name")).ToHaveTextAsync("web-1");
        await Expect(page.Locator("#console")).ToContainTextAsync(DashboardCloud.ConsoleMarker + " web-1");
        await Expect(page.Locator("#actions tbody")).ToContainTextAsync("create");
        // A member sees the actions; their events (the timeline) are the admin's before microversion 2.51.
        await Expect(page.Locator("#timeline")).ToContainTextAsync("admins only");
        var admin = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(admin, "admin", DashboardCloud.AdminPassword, "admin");
        await admin.GotoAsync(page.Url);
        // One bar per build step (the create action's events), in the order the build ran them.
        await Expect(admin.Locator("#timeline .bar-label")).ToContainTextAsync(
            ["compute_build_and_run_instance", "compute_build_claim", "compute_build_allocate_network", "compute_build_spawn"]);
        await Expect(admin.Locator("#timeline .bar")).ToHaveCountAsync(await admin.Locator("#timeline .bar-label").CountAsync());
        var spawn = admin.Locator("#timeline-table tbody tr", new() { HasText = "compute_build_spawn" });
        await Expect(spawn).ToContainTextAsync(new Regex(@"\d+(\.\d+)? m?s"));
        await Expect(spawn).ToContainTextAsync("Success");
        var width = await admin.Locator("#timeline .bar-row", new() { HasText = "compute_build_spawn" }).Locator(".bar")
            .EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(width > 0, "the spawn's bar has no width");
        await Expect(admin.Locator("#console")).ToContainTextAsync(DashboardCloud.ConsoleMarker + " web-1");
        await Chromium.ScreenshotAsync(admin, "server-detail");

        await ConfirmAsync(page, "stop");
        await Expect(page.Locator("#server-status")).ToHaveTextAsync("SHUTOFF");
        await Expect(page.Locator("#actions tbody")).ToContainTextAsync("stop");
        await ConfirmAsync(page, "start");
        await Expect(page.Locator("#server-status")).ToHaveTextAsync("ACTIVE");

        await ConfirmAsync(page, "delete");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
        try
        {
            await Expect(page.Locator("#servers tbody tr", new() { HasText = "web-1" })).ToHaveCountAsync(0);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"row: {await page.Locator("#servers tbody").InnerTextAsync()} live: {await page.Locator("#live").InnerTextAsync()} api: {await cloud.StatusAsync()}", ex);
        }
    }

    [Fact]
    public async Task A_bad_launch_shows_the_APIs_own_message_at_the_field_and_creates_nothing()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", " padded");
        await page.ClickAsync("#launch");
        await Expect(page.Locator("#name-error")).ToContainTextAsync("Invalid input for field/attribute name");
        await Expect(page.Locator("#name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#count-error")).ToBeHiddenAsync();

        await page.FillAsync("#name", "bad-count");
        await page.FillAsync("#count", "two");
        await page.ClickAsync("#launch");
        await Expect(page.Locator("#count-error")).ToContainTextAsync("min_count");
        await Expect(page.Locator("#name-error")).ToBeHiddenAsync();
        await Expect(page.Locator("#name")).ToHaveValueAsync("bad-count");
        await Chromium.ScreenshotAsync(page, "launch-error");

        await page.GotoAsync("/servers");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await Expect(page.Locator("#servers tbody tr", new() { HasText = "bad-count" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_server_that_fails_to_build_shows_ERROR_with_its_fault_in_the_list_and_on_its_page()
    {
        cloud.Behaviour.SpawnFailure = instance => instance.DisplayName == "doomed" ? new InvalidOperationException("the disk exploded") : null;
        try
        {
            var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
            await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
            await page.GotoAsync("/servers/launch");
            await page.FillAsync("#name", "doomed");
            await page.ClickAsync("#launch");
            var row = page.Locator("#servers tbody tr", new() { HasText = "doomed" });
            await Expect(row.Locator(".status")).ToHaveTextAsync("ERROR");
            await Expect(row.Locator(".fault")).ToBeVisibleAsync();
            var fault = await row.Locator(".fault").TextContentAsync();
            Assert.False(string.IsNullOrWhiteSpace(fault));
            await Chromium.ScreenshotAsync(page, "servers-error");
            await row.Locator("[data-col=name] a").ClickAsync();
            await Expect(page.Locator("[data-field=fault]")).ToHaveTextAsync(fault!);
        }
        finally
        {
            cloud.Behaviour.SpawnFailure = null;
        }
    }

    /// <summary>Clicks the action button of the server page and confirms in the dialog.</summary>
    private static async Task ConfirmAsync(IPage page, string op)
    {
        var button = page.Locator($".heading .actions button[value={op}]");
        await Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("#confirm-ok");
    }
}
