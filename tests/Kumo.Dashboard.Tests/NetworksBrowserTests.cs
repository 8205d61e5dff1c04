using Kumo.Dashboard.Tests.Support;
using Kumo.Virt;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests;

/// <summary>
/// Networks, subnets and security groups over the Neutron API that kumo serve serves, a launch on a
/// chosen network, and the host's inventory. The fake-driver cloud runs networking with the agent
/// off: ports get their addresses and the fake driver does not wait for network-vif-plugged.
/// </summary>
[Trait("Category", "Browser")]
public sealed class NetworksBrowserTests(DashboardCloud cloud) : IClassFixture<DashboardCloud>, IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task A_member_creates_a_network_and_subnet_adds_and_deletes_a_rule_and_launches_on_the_network()
    {
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "alice", DashboardCloud.PasswordOf("alice"), "alpha");

        await page.GotoAsync("/networks");
        await page.FillAsync("#net-name", "dash-net");
        await page.ClickAsync("#net-create");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Network dash-net created.");
        var network = page.Locator("#networks tbody tr", new() { HasText = "dash-net" });
        await Expect(network).ToContainTextAsync("ACTIVE");

        // Neutron's own message for a CIDR that is not one, and no subnet made.
        await page.SelectOptionAsync("#sub-network", new Microsoft.Playwright.SelectOptionValue { Label = "dash-net" });
        await page.FillAsync("#sub-name", "bad-sub");
        await page.FillAsync("#sub-cidr", "10.20.0.0/99");
        await page.ClickAsync("#sub-create");
        await Expect(page.Locator(".problem")).ToContainTextAsync("10.20.0.0/99");
        await Expect(network).Not.ToContainTextAsync("bad-sub");

        await page.SelectOptionAsync("#sub-network", new Microsoft.Playwright.SelectOptionValue { Label = "dash-net" });
        await page.FillAsync("#sub-name", "dash-sub");
        await page.FillAsync("#sub-cidr", "10.20.0.0/24");
        await page.ClickAsync("#sub-create");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Subnet dash-sub (10.20.0.0/24) created.");
        await Expect(network).ToContainTextAsync("10.20.0.0/24");
        await Expect(network).ToContainTextAsync("gw 10.20.0.1");
        await Chromium.ScreenshotAsync(page, "networks");

        await page.GotoAsync("/networks/security-groups");
        await page.FillAsync("#sg-name", "web");
        await page.ClickAsync("#sg-create");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Security group web created.");
        var web = page.Locator("section.group[data-name=web]");
        // Neutron gives a new group its two egress rules.
        await Expect(web.Locator("table.rules tbody tr")).ToHaveCountAsync(2);
        await web.Locator("summary").ClickAsync();
        await web.Locator("input[name=protocol]").FillAsync("tcp");
        await web.Locator("input[name=portMin]").FillAsync("8080");
        await web.Locator("input[name=portMax]").FillAsync("8080");
        await web.Locator("input[name=remoteIpPrefix]").FillAsync("192.0.2.0/24");
        await web.Locator("form.rule-form button[type=submit]").ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Rule added.");
        var rule = web.Locator("table.rules tbody tr", new() { HasText = "8080" });
        await Expect(rule).ToContainTextAsync("ingress");
        await Expect(rule).ToContainTextAsync("192.0.2.0/24");
        await Chromium.ScreenshotAsync(page, "security-groups");
        await rule.Locator("button[data-confirm]").ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Rule deleted.");
        await Expect(web.Locator("table.rules tbody tr", new() { HasText = "8080" })).ToHaveCountAsync(0);
        await Expect(web.Locator("table.rules tbody tr")).ToHaveCountAsync(2);

        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", "net-1");
        await page.SelectOptionAsync("#network", new Microsoft.Playwright.SelectOptionValue { Label = "dash-net" });
        await page.SelectOptionAsync("#secgroups", ["web"]);
        await page.ClickAsync("#launch");
        var row = page.Locator("#servers tbody tr", new() { HasText = "net-1" });
        await Expect(row.Locator(".status")).ToHaveTextAsync("ACTIVE");
        await Expect(row.Locator("[data-col=addresses]")).ToContainTextAsync("dash-net");
        await Expect(row.Locator("[data-col=addresses]")).ToContainTextAsync("10.20.0.");
    }

    [Fact]
    public async Task The_host_page_shows_the_inventory_with_an_orphan_flagged_and_the_hypervisor_usage()
    {
        var ghost = Guid.NewGuid();
        cloud.Behaviour.GuestDevices = _ => [new HostResource("vif-device", "tap-ghost-dash", ghost)];
        var page = await _chromium.NewPageAsync(cloud.DashboardUrl);
        await Chromium.LoginAsync(page, "admin", DashboardCloud.AdminPassword, "admin");
        await page.GotoAsync("/servers/launch");
        await page.FillAsync("#name", "held-1");
        await page.ClickAsync("#launch");
        await Expect(page.Locator("#servers tbody tr", new() { HasText = "held-1" }).Locator(".status")).ToHaveTextAsync("ACTIVE");

        await page.GotoAsync("/host");
        await Expect(page.Locator("section.host meter")).ToHaveCountAsync(3);
        var guest = page.Locator("#inventory tbody tr", new() { HasText = "guest" }).First;
        await Expect(guest).ToContainTextAsync("(active)");
        await Expect(guest).ToContainTextAsync("owned");
        var orphan = page.Locator("#inventory tbody tr", new() { HasText = "tap-ghost-dash" }).First;
        await Expect(orphan).ToHaveClassAsync("orphan");
        await Expect(orphan).ToContainTextAsync($"no such instance on {cloud.Host.Shared.Options.Compute.Host}");
        await Expect(page.Locator("#orphan-count")).Not.ToContainTextAsync("0 orphaned");
        // Orphans first: the one an operator must look at is at the top.
        await Expect(page.Locator("#inventory tbody tr").First).ToHaveClassAsync("orphan");
        await Chromium.ScreenshotAsync(page, "host");
    }
}
