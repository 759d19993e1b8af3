using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CopyrightLedger.E2E;

/// <summary>
/// Script in everything a person types or uploads (a note, a case description, a prompt, a file name, titles), in
/// the published app under its Content-Security-Policy: nothing runs, no dialog opens, and the one script the test
/// itself forces into the page is blocked by the CSP and reported to /csp-report (docs/SECURITY.md).
/// </summary>
public sealed class ScriptInjectionTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    // Every payload sets window.__pwned or opens a dialog if it ever runs.
    private const string Markdown =
        "<javascript:__pwned=1>\n\n[inline](javascript:__pwned=2) [entity](&#106;avascript:alert(3)) [ref][r] [slashes](//evil.example/)\n\n" +
        "![img](javascript:__pwned=4) <img src=x onerror=\"__pwned=5\"> <script>__pwned=6</script> \"><svg onload=alert(7)>\n\n" +
        "[r]: JAVASCRIPT:alert(8)\n";
    private const string Title = "\"><img src=x onerror=alert(9)><script>__pwned=10</script>";

    private static Task InteractiveAsync(IPage page) => BrowserFixture.InteractiveAsync(page);

    [Fact]
    public async Task Script_in_notes_descriptions_prompts_file_names_and_titles_never_runs_and_a_forced_script_is_reported()
    {
        var page = await f.SignedInPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        await InteractiveAsync(page);

        await BrowserFixture.NewCaseAsync(page, Title, Markdown);
        await Assertions.Expect(page.Locator("#case-heading")).ToHaveTextAsync(Title);
        var caseUrl = page.Url;

        await page.ClickAsync("#new-work");
        await page.FillAsync("#work-title", Title);
        await page.FillAsync("#work-authors", Title);
        await page.ClickAsync("#work-save");
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}$"));
        await InteractiveAsync(page);
        var workUrl = page.Url;

        // A file whose name carries markup and a right-to-left override: it must read "…⟨U+202E⟩gnp.exe", not "exe.png".
        using var dir = new TempFolder();
        var name = "x\"><img src=x onerror=alert(11)>\u202Egnp.exe.png";
        var file = Path.Combine(dir.Path, name);
        File.Copy(Directory.GetFiles(Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images"), "01-*.png").Order().First(), file);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
        await page.SetInputFilesAsync("#upload-input", file);
        var figure = page.Locator("#files figure");
        await Assertions.Expect(figure).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(figure).ToContainTextAsync("onerror=alert(11)>⟨U+202E⟩gnp.exe.png");
        Assert.DoesNotContain("\u202E", await figure.InnerTextAsync(), StringComparison.Ordinal);
        // The stored file, opened on its own, is sandboxed: an uploaded HTML or SVG could not script the app.
        var blob = await page.Context.APIRequest.GetAsync(await figure.Locator("img").GetAttributeAsync("src") ?? "");
        Assert.True(blob.Ok);
        Assert.Contains("sandbox", blob.Headers["content-security-policy"], StringComparison.Ordinal);
        // Its download is offered under a name a browser saves as what it is: the override and the markup become '_'.
        var disposition = Uri.UnescapeDataString((await page.Context.APIRequest.GetAsync(await figure.Locator("a").GetAttributeAsync("href") ?? "")).Headers["content-disposition"]);
        Assert.Contains("filename*=UTF-8''x___img src=x onerror=alert(11)__gnp.exe.png", disposition, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Iterations" }).ClickAsync();
        await page.ClickAsync("#new-iteration");
        await page.FillAsync("#it-prompt", Title + " " + Markdown);
        await page.Locator("#it-outputs input[type=checkbox]").First.CheckAsync();
        await page.ClickAsync("#it-save");
        await Assertions.Expect(page.Locator("#iterations-grid")).ToContainTextAsync("onerror=alert(9)");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Notes" }).ClickAsync();
        await page.FillAsync("#note-text", Markdown);
        await page.ClickAsync("#note-add");
        await Assertions.Expect(page.Locator("#notes .ledger-markdown")).ToHaveCountAsync(1);
        await ClickEveryLinkAsync(page, "#notes .ledger-markdown");

        // Each page that shows them, loaded afresh.
        foreach (var (url, tab) in new[] { (caseUrl, "Timeline"), (caseUrl, "Works"), (workUrl, "Files"), (workUrl, "Iterations"), (workUrl, "Notes"), (workUrl + "/assessment", (string?)null) })
        {
            await page.GotoAsync(url);
            await InteractiveAsync(page);
            if (tab is not null && await page.GetByRole(AriaRole.Tab, new() { Name = tab }).CountAsync() > 0)
                await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await ClickEveryLinkAsync(page, ".ledger-markdown");
        }
        await page.GotoAsync(caseUrl);
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator(".ledger-markdown a[href]")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator(".ledger-markdown img, .ledger-markdown script, .ledger-markdown svg").CountAsync());

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Empty(dialogs);
        // The app itself needs nothing the policy refuses: no violation until the test forces one.
        Assert.Empty(violations);

        // Now a script the CSP must stop: an inline <script> the test adds through devtools (which the CSP does
        // not govern); the element itself is governed, so it is refused and reported.
        var before = await ReportCountAsync(page);
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 12'; document.body.appendChild(s); }");
        await page.EvaluateAsync("() => { const a = document.createElement('a'); a.href = 'javascript:window.__pwned = 13'; a.id = 'forced'; a.textContent = 'x'; document.body.appendChild(a); }");
        await page.ClickAsync("#forced");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        var reports = await WaitForReportsAsync(page, before + 1);
        Assert.Contains(reports, r => r.GetProperty("directive").GetString()!.StartsWith("script-src", StringComparison.Ordinal));
        Assert.NotEmpty(violations);
        Assert.Empty(dialogs);
    }

    private static async Task ClickEveryLinkAsync(IPage page, string scope)
    {
        foreach (var link in await page.Locator($"{scope} a").AllAsync())
        {
            // A link that survived the allow-list goes to the web or the app; opening it in a new tab keeps this page.
            var href = await link.GetAttributeAsync("href") ?? "";
            Assert.Matches(new Regex("^(https?:|mailto:|/|#)", RegexOptions.IgnoreCase), href);
            await link.ClickAsync(new() { Modifiers = [KeyboardModifier.Control] });
        }
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
    }

    private static async Task<long> ReportCountAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("/csp-report");
        Assert.True(response.Ok, $"/csp-report answered {response.Status}");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("total").GetInt64();
    }

    private static async Task<List<JsonElement>> WaitForReportsAsync(IPage page, long atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await page.Context.APIRequest.GetAsync("/csp-report");
            var json = JsonDocument.Parse(await response.TextAsync());
            if (json.RootElement.GetProperty("total").GetInt64() >= atLeast) return [.. json.RootElement.GetProperty("latest").EnumerateArray()];
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"no CSP report reached /csp-report (wanted {atLeast})");
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ledger-xss-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
