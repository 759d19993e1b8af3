using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CopyrightLedger.E2E;

/// <summary>A person's first session, in a real browser against the published app.</summary>
public sealed class WalkthroughTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private static Task InteractiveAsync(IPage page) => BrowserFixture.InteractiveAsync(page);

    /// <summary>Clicks and waits for the new document the click leads to (a full load, not a client-side route).</summary>
    private static async Task ReloadedByAsync(IPage page, string selector, string path = "/cases")
    {
        var document = page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Url.EndsWith(path, StringComparison.Ordinal));
        await page.ClickAsync(selector);
        await document;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_creator_records_a_case_from_upload_to_selection_and_sees_it_on_the_timeline()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await ShotAsync(page, "01-cases");

        // A new case.
        await BrowserFixture.NewCaseAsync(page, "E2E dusk portrait", "Made in the **browser** test.");
        await Assertions.Expect(page.Locator("#case-heading")).ToHaveTextAsync("E2E dusk portrait");

        // A work in it.
        await page.ClickAsync("#new-work");
        await page.FillAsync("#work-title", "Girl at dusk");
        await page.FillAsync("#work-authors", "E2E Creator");
        await page.ClickAsync("#work-save");
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}$"));
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator("#work-heading")).ToHaveTextAsync("Girl at dusk");

        // Two PNGs uploaded into the blob store, with progress shown.
        var images = Directory.GetFiles(Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images"), "01-*.png").Order().Take(2).ToArray();
        Assert.Equal(2, images.Length);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
        await page.SetInputFilesAsync("#upload-input", images);
        await Assertions.Expect(page.Locator("#upload-progress li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#files figure")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await ShotAsync(page, "02-work-files");

        // An iteration with both as outputs.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Iterations" }).ClickAsync();
        await page.ClickAsync("#new-iteration");
        await page.FillAsync("#it-prompt", "a young woman at dusk, golden hour, film photo");
        await page.FillAsync("#it-seed", "18446744073709551615");
        foreach (var box in await page.Locator("#it-outputs input[type=checkbox]").AllAsync()) await box.CheckAsync();
        await page.ClickAsync("#it-save");
        await Assertions.Expect(page.Locator("#iterations-grid")).ToContainTextAsync("18446744073709551615");
        await ShotAsync(page, "03-work-iterations");

        // A reasoned selection of one of them.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Candidates and selection" }).ClickAsync();
        var chosenName = Path.GetFileName(images[1]);
        await page.Locator($"#selection-candidates input[type=radio][data-file='{chosenName}']").CheckAsync();
        await page.FillAsync("#selection-rationale", "The light on the face matches the brief.");
        await page.ClickAsync("#selection-save");
        await Assertions.Expect(page.Locator(".ledger-selection .ledger-thumb.chosen")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".ledger-selection .ledger-thumb.chosen")).ToContainTextAsync(chosenName);
        await ShotAsync(page, "04-work-selection");

        // The case's timeline shows the run with both thumbnails and the chosen one marked.
        await page.ClickAsync(".ledger-crumb");
        await InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        var item = page.Locator("#timeline .ledger-timeline-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("a young woman at dusk");
        await Assertions.Expect(item.Locator("img")).ToHaveCountAsync(2);
        await Assertions.Expect(item.Locator("img.chosen")).ToHaveCountAsync(1);
        await ShotAsync(page, "05-case-timeline");
    }

    [Fact]
    public async Task The_language_switch_translates_the_navigation_and_is_remembered()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator(".ledger-sidebar")).ToContainTextAsync("Cases");

        // The switch reloads the page (the circuit's culture is fixed when it starts): wait for that load itself.
        await ReloadedByAsync(page, "#lang-zh");
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator(".ledger-sidebar")).ToContainTextAsync("案件");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("案件");
        await ShotAsync(page, "06-cases-zh");

        // Remembered: a fresh load of another page is still in Chinese.
        await page.GotoAsync("/cases");
        await Assertions.Expect(page.Locator("#sign-out")).ToHaveTextAsync("退出登录");
        await InteractiveAsync(page);

        await ReloadedByAsync(page, "#lang-en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cases");
    }

    [Fact]
    public async Task The_samples_are_there_for_the_admin_on_first_start()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        // Other tests in this class add cases to the same app, so count only the samples: one per folder in samples/.
        var samples = Directory.EnumerateDirectories(Path.Combine(AppProcess.RepoRoot, "samples")).Count();
        Assert.True(samples >= 8, $"{samples} sample folders");
        await Assertions.Expect(page.Locator("#cases-grid a.case-link", new() { HasText = "(sample)" })).ToHaveCountAsync(samples);
        await page.Locator("#cases-grid a.case-link", new() { HasText = "Li v. Liu" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#case-heading")).ToContainTextAsync("Li v. Liu");
        await ShotAsync(page, "07-sample-case");
        await page.Locator("#work-cards a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#iterations-grid tbody tr.rz-data-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#iterations-grid")).ToContainTextAsync("940219437");
        await ShotAsync(page, "08-sample-work");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Candidates and selection" }).ClickAsync();
        await Assertions.Expect(page.Locator(".ledger-selection .ledger-thumb.chosen")).ToContainTextAsync("04-b.png");
        await ShotAsync(page, "09-sample-selection");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Human edits" }).ClickAsync();
        await Assertions.Expect(page.Locator("#edits")).ToContainTextAsync("05-final.png");
        await ShotAsync(page, "10-sample-edits");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Notes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notes")).ToContainTextAsync("Brief: a portrait at dusk");
        await ShotAsync(page, "11-sample-notes");
    }

    [Fact]
    public async Task A_zip_dropped_on_the_import_tab_becomes_runs_in_the_background()
    {
        var zip = Path.Combine(Directory.CreateTempSubdirectory("ledger-e2e-zip-").FullName, "cats.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(Path.Combine(AppProcess.RepoRoot, "samples", "reroll-only", "images"), zip);
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await BrowserFixture.NewCaseAsync(page, "E2E import");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Import" }).ClickAsync();
        await page.FillAsync("#import-work-title", "Cats from a zip");
        await page.PressAsync("#import-work-title", "Tab"); // the value is taken on change, as when a person moves on
        await page.SetInputFilesAsync("#import-files", zip);
        var job = page.Locator("#import-jobs .ledger-job").First;
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(job).ToContainTextAsync("6 iteration(s)");
        await ShotAsync(page, "12-import-done");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Works" }).ClickAsync();
        // Six images and the zip they came in, which is kept as received.
        await Assertions.Expect(page.Locator("#work-cards")).ToContainTextAsync("Cats from a zip");
        await Assertions.Expect(page.Locator("#work-cards")).ToContainTextAsync("6 iterations · 7 files");
    }

    [Fact]
    public async Task A_case_folder_picked_on_the_import_tab_is_read_as_a_case_folder()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await BrowserFixture.NewCaseAsync(page, "E2E case folder");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Import" }).ClickAsync();
        // The folder as a person picks it: images/ and notes/ must keep their places for case.json to name them.
        await page.SetInputFilesAsync("#import-folder", Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu"));
        var job = page.Locator("#import-jobs .ledger-job").First;
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(job).ToContainTextAsync("4 iteration(s)");
        await Assertions.Expect(job).ToContainTextAsync("generate.json: says how the project's sample generator draws the images");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Works" }).ClickAsync();
        // The record's work, with its 11 images and none of case.json, generate.json or the notes as files.
        await Assertions.Expect(page.Locator("#work-cards")).ToContainTextAsync("Spring breeze brings tenderness (sample)");
        await Assertions.Expect(page.Locator("#work-cards")).ToContainTextAsync("4 iterations · 11 files");
    }

    [Fact]
    public async Task The_integrity_tab_shows_the_chain_signs_a_checkpoint_and_names_a_row_edited_behind_its_back()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await page.Locator("#cases-grid a.case-link", new() { HasText = "Re-roll only" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Integrity" }).ClickAsync();
        await Assertions.Expect(page.Locator("#integrity-status")).ToContainTextAsync("The chain holds");
        // The sample's files claim 2025 and were captured today: each is marked as captured late.
        await Assertions.Expect(page.Locator("#integrity-items .ledger-late").First).ToBeVisibleAsync();
        await page.ClickAsync("#integrity-sign");
        await Assertions.Expect(page.Locator("#integrity-checkpoint")).ToContainTextAsync("1 event(s)");
        await ShotAsync(page, "13-integrity");

        // Someone edits the database file directly: the next look names the row.
        var db = Path.Combine(f.App.DataDirectory, "ledger.db");
        var psi = new System.Diagnostics.ProcessStartInfo("sqlite3", [db, "UPDATE Artifacts SET OriginalFileName = 'cat-9.png' WHERE OriginalFileName = 'cat-1.png';"]);
        using (var p = System.Diagnostics.Process.Start(psi)!) { await p.WaitForExitAsync(); Assert.Equal(0, p.ExitCode); }
        await page.ReloadAsync();
        await InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Integrity" }).ClickAsync();
        await Assertions.Expect(page.Locator("#integrity-problems")).ToContainTextAsync("OriginalFileName is \"cat-9.png\" in the tables, \"cat-1.png\" in the ledger");
        await ShotAsync(page, "14-integrity-tampered");
    }

    [Fact]
    public async Task A_bundle_downloaded_from_the_integrity_tab_verifies_on_the_verify_page()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await page.Locator("#cases-grid a.case-link", new() { HasText = "Li v. Liu" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Integrity" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#integrity-export"));
        var zip = Path.Combine(Directory.CreateTempSubdirectory("ledger-e2e-bundle-").FullName, "li.zip");
        await download.SaveAsAsync(zip);

        // Unpinned first: intact, but the page says the key was not compared and names it.
        await page.GotoAsync("/verify");
        await InteractiveAsync(page);
        await page.SetInputFilesAsync("#verify-input", zip);
        await Assertions.Expect(page.Locator("#verify-report")).ToHaveAttributeAsync("data-verdict", "IntactKeyNotCompared", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#verify-passed")).ToContainTextAsync("manifest is signed by the bundle's key");

        // Then pinned with the fingerprint the installation page shows, and with the bundle's own checkpoint as the earlier copy.
        await page.GotoAsync("/installation");
        var fingerprint = (await page.Locator("#installation-fingerprint").InnerTextAsync()).Replace(" ", "");
        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        string checkpoint;
        using (var bundle = System.IO.Compression.ZipFile.OpenRead(zip))
        using (var reader = new StreamReader(bundle.Entries.Where(e => e.FullName.EndsWith(".txt", StringComparison.Ordinal)).OrderBy(e => e.Length).First().Open()))
            checkpoint = await reader.ReadToEndAsync();
        await page.GotoAsync("/verify");
        await InteractiveAsync(page);
        await page.FillAsync("#verify-key", fingerprint);
        await page.FillAsync("#verify-since", checkpoint);
        await page.SetInputFilesAsync("#verify-input", zip);
        await Assertions.Expect(page.Locator("#verify-report")).ToHaveAttributeAsync("data-verdict", "Intact", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#verify-passed")).ToContainTextAsync("is the key you gave");
        await Assertions.Expect(page.Locator("#verify-passed")).ToContainTextAsync("consistency: this bundle extends");
        await ShotAsync(page, "15-verify");

        // A wrong pin fails.
        await page.GotoAsync("/verify");
        await InteractiveAsync(page);
        await page.FillAsync("#verify-key", new string('a', 64));
        await page.SetInputFilesAsync("#verify-input", zip);
        await Assertions.Expect(page.Locator("#verify-report")).ToHaveAttributeAsync("data-verdict", "NotIntact", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#verify-failed")).ToContainTextAsync("not by the key you gave");
    }

    [Fact]
    public async Task The_installation_and_verify_pages_show_the_whole_fingerprint_at_phone_and_desktop_width_in_both_languages()
    {
        var page = await f.SignedInPageAsync();
        foreach (var (culture, heading) in new[] { ("en", "This installation"), ("zh-Hans", "本系统") })
        {
            await page.GotoAsync($"/culture/{culture}?redirect=%2Finstallation");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            foreach (var (width, height, label) in new[] { (1400, 1000, "desktop"), (390, 844, "phone") })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var path in new[] { "/installation", "/verify" })
                {
                    await page.GotoAsync(path);
                    await InteractiveAsync(page);
                    // Nothing wider than the screen: a fingerprint a reader must compare is never cut off or scrolled away.
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    Assert.True(overflow <= 1, $"{path} at {width} px in {culture} is {overflow} px wider than the screen");
                    await ShotAsync(page, $"20-{path.Trim('/')}-{label}-{culture}");
                }
                await page.GotoAsync("/installation");
                var shown = (await page.Locator("#installation-fingerprint").InnerTextAsync()).Replace(" ", "").Replace("\n", "");
                Assert.Matches("^[0-9a-f]{64}$", shown);
            }
        }
        await page.SetViewportSizeAsync(1400, 1000);
        await page.GotoAsync("/culture/en?redirect=%2Fcases");
    }

    [Fact]
    public async Task The_assessment_page_shows_factors_band_and_advice_in_both_profiles_and_languages()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await page.Locator("#cases-grid a.case-link", new() { HasText = "Li v. Liu" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await page.Locator("#work-cards a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}$"));
        await InteractiveAsync(page);
        await page.ClickAsync("#open-assessment");
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}/assessment$"));
        await InteractiveAsync(page);

        await Assertions.Expect(page.Locator("#assessment-factors [data-factor]")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("#assessment-band")).ToHaveAttributeAsync("data-band", "moderate");
        await Assertions.Expect(page.Locator("#assessment-strengthen")).ToContainTextAsync("Prior conception");
        await Assertions.Expect(page.Locator("#assessment-band")).ToContainTextAsync("not legal advice");
        await Assertions.Expect(page.Locator("#assessment-decisive")).ToContainTextAsync("F3 Prompt design");
        // The prompt's evolution: three directed steps, the film vocabulary added in the third run.
        await Assertions.Expect(page.Locator("#prompt-evolution [data-step]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#prompt-evolution [data-step='3']")).ToContainTextAsync("+ film photography");
        // The lineage: four runs, the chosen output marked, the signature edit below it.
        await Assertions.Expect(page.Locator("#lineage-graph [data-run]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#lineage-graph .node.chosen")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#lineage-graph [data-edit]")).ToContainTextAsync("05-final.png");
        await ShotAsync(page, "16-assessment");

        await page.Locator("#assessment-profile").GetByText("us-usco").ClickAsync();
        await Assertions.Expect(page.Locator("#assessment-usco")).ToContainTextAsync("Image material generated by artificial intelligence");
        await ShotAsync(page, "17-assessment-usco");

        await ReloadedByAsync(page, "#lang-zh", "/assessment");
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator("#assessment-factors [data-factor='F5']")).ToContainTextAsync("有方向的迭代");
        await ShotAsync(page, "18-assessment-zh");
        await ReloadedByAsync(page, "#lang-en", "/assessment");

        // An evidence line leads to the part of the record that shows it: F6's choice opens the work's selection tab.
        await InteractiveAsync(page);
        await page.Locator("#assessment-factors [data-factor='F6'] .ledger-checks a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}\\?tab=selection$"));
        await InteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Candidates and selection" })).ToHaveAttributeAsync("aria-selected", "true");
    }

    [Fact]
    public async Task A_dossier_is_made_in_the_background_from_the_work_page_and_downloads_as_a_signed_pdf()
    {
        var page = await f.SignedInPageAsync();
        await InteractiveAsync(page);
        await page.Locator("#cases-grid a.case-link", new() { HasText = "Wuhan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/cases/[0-9a-f-]{36}$"));
        await page.Locator("#work-cards a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/works/[0-9a-f-]{36}$"));
        await page.GotoAsync(page.Url + "?tab=dossier"); // the tab the assessment's links also open by name
        await InteractiveAsync(page);
        await page.Locator("#dossier-language").GetByText("中文").ClickAsync();
        await page.ClickAsync("#dossier-create");
        var card = page.Locator("#dossiers .ledger-job").First;
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(card).ToContainTextAsync("SHA-256");
        await ShotAsync(page, "19-dossier");

        var download = await page.RunAndWaitForDownloadAsync(() => card.Locator(".dossier-download").ClickAsync());
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("ledger-e2e-dossier-").FullName, "wuhan.pdf");
        await download.SaveAsAsync(pdf);
        var bytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.EndsWith("zh.pdf", download.SuggestedFilename);
        Assert.Contains("古风卷轴", (await Tools.RunAsync("pdftotext", pdf, "-")).Output);
        Assert.Contains("Signature is Valid", (await Tools.RunAsync("pdfsig", pdf)).Output);

        // Issuing it is an event of its own, after the checkpoint the signed dossier made: an unsigned dossier now
        // would say that no signature covers it, so the tab says so first and offers to sign one.
        await Assertions.Expect(page.Locator("#dossier-uncovered")).ToHaveCountAsync(0); // signing is ticked
        await page.ClickAsync("#dossier-sign");
        await Assertions.Expect(page.Locator("#dossier-uncovered")).ToContainTextAsync("not yet covered by a signed checkpoint");
        await ShotAsync(page, "19b-dossier-uncovered");
        await page.ClickAsync("#dossier-sign-now");
        await Assertions.Expect(page.Locator("#dossier-uncovered")).ToHaveCountAsync(0);
    }
}
