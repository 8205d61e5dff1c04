using Kumo.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>The other pages as the admin uses them, each written as a screenshot (artifacts/screenshots/*.png).</summary>
[Trait("Category", "Browser")]
public sealed class PagesBrowserTests(DashboardCloud cloud) : IClassFixture<DashboardCloud>, IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task The_admin_sees_flavors_the_host_and_the_networks()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await page.GotoAsync("/login");
        await Chromium.ScreenshotAsync(page, "login");
        await Chromium.LoginAsync(page, "admin", DashboardCloud.AdminPassword, "admin");

        await page.GotoAsync("/flavors");
        await Expect(page.Locator("#flavors")).ToContainTextAsync("m1.small");
        await page.FillAsync("#fl-name", "dash.tiny");
        await page.ClickAsync("form:has(#fl-name) button[type=submit]");
        await Expect(page.Locator(".notice")).ToContainTextAsync("dash.tiny");
        await Expect(page.Locator("#flavors")).ToContainTextAsync("dash.tiny");
        await Chromium.ScreenshotAsync(page, "flavors");

        await page.GotoAsync("/host");
        await Expect(page.Locator("section.host h2")).ToContainTextAsync("fake");
        await Expect(page.Locator("section.host meter")).ToHaveCountAsync(3);

        await page.GotoAsync("/networks");
        await Expect(page.Locator("#networks")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_uploads_an_image_with_progress_and_deletes_it_and_makes_a_key_pair()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        await page.GotoAsync("/host");
        await Expect(page.Locator(".problem")).ToContainTextAsync("admin");

        var file = Path.Combine(Path.GetTempPath(), "kumo-dash-upload-" + Guid.NewGuid().ToString("N")[..8] + ".raw");
        await File.WriteAllBytesAsync(file, new byte[3 << 20]);
        try
        {
            await page.GotoAsync("/images");
            await page.FillAsync("#up-name", "uploaded-disk");
            await page.SelectOptionAsync("#up-disk", "raw");
            await page.SetInputFilesAsync("#up-file", file);
            await page.ClickAsync("#upload button[type=submit]");
            await Expect(page.Locator("#up-status")).ToContainTextAsync("Uploaded uploaded-disk");
            await Expect(page.Locator("#up-progress")).ToHaveAttributeAsync("value", "100");
            var row = page.Locator("#images tbody tr", new() { HasText = "uploaded-disk" });
            await Expect(row).ToContainTextAsync("active");
            await Expect(row).ToContainTextAsync("3 MiB");
            await Chromium.ScreenshotAsync(page, "images");
            await row.Locator("button[data-confirm]").ClickAsync();
            await page.ClickAsync("#confirm-ok");
            await Expect(page.Locator(".notice")).ToContainTextAsync("Image deleted");
            await Expect(page.Locator("#images tbody tr", new() { HasText = "uploaded-disk" })).ToHaveCountAsync(0);
        }
        finally
        {
            File.Delete(file);
        }

        await page.GotoAsync("/keypairs");
        await page.FillAsync("#kp-name", "made-here");
        await page.ClickAsync("form:has(#kp-name) button[type=submit]");
        await Expect(page.Locator("#private-key")).ToContainTextAsync("PRIVATE KEY");
        await Expect(page.Locator("#keypairs")).ToContainTextAsync("made-here");
        await Chromium.ScreenshotAsync(page, "keypairs");
    }

    [Fact]
    public async Task The_server_list_is_readable_at_a_phones_width()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl, Chromium.Phone);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");
        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", "phone-1");
        await page.ClickAsync("#launch");
        await Expect(page.Locator("#servers tbody tr", new() { HasText = "phone-1" }).Locator(".status")).ToHaveTextAsync("ACTIVE");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= Chromium.Phone.Width, $"the page is {width} px wide at a phone's {Chromium.Phone.Width} px");
        await Chromium.ScreenshotAsync(page, "servers-phone");
    }
}
