using System.Text.RegularExpressions;
using Kumo.Dashboard.Tests.Support;
using Kumo.Deployment.AllInOne;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>
/// The dashboard's one real-guest test (issue 13): in headless Chromium against kumo serve on the libvirt driver,
/// a launched server goes ACTIVE on the open list without a reload, its page's console shows the real guest's own
/// marker (its init's KUMO-GUEST-UP line with its SMBIOS uuid, tools/guest), and its delete leaves no domain.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RealGuestBrowserTests : IAsyncLifetime
{
    /// <summary>One TCG boot on a shared 2-core machine: seconds alone, up to a few minutes beside other guests.</summary>
    private const float BootTimeoutMs = 180_000;

    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task A_server_launched_in_the_browser_boots_a_real_guest_whose_console_marker_shows_live_then_delete_removes_it()
    {
        await using var cloud = await LibvirtDashboardCloud.StartAsync();
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "admin", LibvirtDashboardCloud.AdminPassword, "admin");
        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", "real-1");
        await page.SelectOptionAsync("#image", new SelectOptionValue { Label = GuestImages.Name });
        var tiny = await page.Locator("#flavor option", new() { HasText = "m1.tiny" }).GetAttributeAsync("value");
        await page.SelectOptionAsync("#flavor", tiny!);
        await page.ClickAsync("#launch");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));

        await page.EvaluateAsync("() => { window.kumoNoReload = true; }");
        var row = page.Locator("#servers tbody tr", new() { HasText = "real-1" });
        await Expect(row.Locator(".status")).ToHaveTextAsync("ACTIVE", new() { Timeout = BootTimeoutMs });
        await Expect(row.Locator("[data-col=power]")).ToHaveTextAsync("Running");
        Assert.True(await page.EvaluateAsync<bool>("() => window.kumoNoReload === true"), "the page was reloaded");
        var id = Guid.Parse((await row.GetAttributeAsync("data-id"))!);

        await row.Locator("[data-col=name] a").ClickAsync();
        await Expect(page.Locator("#server-name")).ToHaveTextAsync("real-1");
        // The guest's own words, tailed live: its init ran and it is this instance.
        await Expect(page.Locator("#console")).ToContainTextAsync(new Regex($"{GuestImages.ConsoleMarker} hostname=\\S+ uuid={id}"),
            new() { Timeout = BootTimeoutMs });
        await Chromium.ScreenshotAsync(page, "server-detail-real-guest");
        Assert.True(LibvirtDashboardCloud.DomainExists(id), "no libvirt domain for the ACTIVE server");

        var delete = page.Locator(".heading .actions button[value=delete]");
        await Expect(delete).ToBeEnabledAsync();
        await delete.ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
        await Expect(page.Locator("#servers tbody tr", new() { HasText = "real-1" })).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        Assert.False(LibvirtDashboardCloud.DomainExists(id), "the domain outlived the delete");
        Assert.False(Directory.Exists(Path.Combine(cloud.Host.Shared.Options.Libvirt.InstancesPath, id.ToString())), "the instance directory outlived the delete");
    }
}
