using Microsoft.Playwright;

namespace CopyrightLedger.E2E;

/// <summary>One app process and one Debian Chromium for the whole E2E class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots land here for a person to look at (.build/screenshots).</summary>
    public static string ScreenshotDir { get; } = Directory.CreateDirectory(Path.Combine(AppProcess.RepoRoot, ".build", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        App = await AppProcess.StartAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from reaching out.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> SignedInPageAsync(string email = AppProcess.AdminEmail, string password = AppProcess.AdminPassword)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/cases");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/cases");
        return page;
    }

    /// <summary>
    /// Opens a new case from the Cases page and waits on its page. When the page does not come, the failure says what
    /// the browser showed instead (a form error, the sign-in page, the reconnect banner), not only that time ran out.
    /// </summary>
    public static async Task NewCaseAsync(IPage page, string title, string? description = null)
    {
        await page.ClickAsync("#new-case");
        await page.FillAsync("#case-title", title);
        if (description is not null) await page.FillAsync("#case-description", description);
        await page.ClickAsync("#case-save");
        try { await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/cases/[0-9a-f-]{36}$")); }
        catch (TimeoutException e)
        {
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"No case page after saving '{title}'; the browser is at {page.Url} and shows:\n{shown}", e);
        }
        await InteractiveAsync(page);
    }

    /// <summary>Waits until the page's circuit is live (the layout renders its marker only then), up to 30 s on a busy machine.</summary>
    public static Task InteractiveAsync(IPage page) =>
        page.Locator("#ledger-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}
