using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kumo.Dashboard.Tests.Support;

/// <summary>
/// Debian's headless Chromium (/usr/bin/chromium, or KUMO_CHROMIUM) driven by Playwright; Playwright's
/// own browser builds are never downloaded. Pages open at 1280x800 unless a test asks for a phone.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("KUMO_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: tools/setup-host.sh installs Debian's chromium package.", path);
        }
        // The machine is shared and slow at times: waits for the page give it 15 s, not Playwright's 5.
        SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        // Tests run as root, and Chromium refuses to start its sandbox as root: --no-sandbox (loopback pages of our own only).
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(Uri baseUrl, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = viewport ?? Desktop });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Logs in through the form and waits for the server list.</summary>
    public static async Task LoginAsync(IPage page, string user, string password, string? project = null)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        if (project is not null)
        {
            await page.FillAsync("#project", project);
        }
        await page.ClickAsync("#login");
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
    }

    /// <summary>A full-page screenshot as a test artefact: artifacts/screenshots/NAME.png at the repository's root.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kumo.slnx")))
            {
                return dir.FullName;
            }
        }
        return Path.GetTempPath();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
