using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CopyrightLedger.E2E;

/// <summary>The Verify page of a served app of its own, so that the app's peak memory is this test's alone.</summary>
public sealed class VerifyPageTests(BrowserFixture f, ITestOutputHelper log) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_root_certificate_field_that_holds_no_certificate_is_refused_before_the_bundle_is_read()
    {
        var page = await f.SignedInPageAsync();
        await page.GotoAsync("/verify");
        await BrowserFixture.InteractiveAsync(page);
        await page.FillAsync("#verify-tsa", "-----BEGIN CERTIFICATE-----\nnot one\n-----END CERTIFICATE-----");
        var bomb = BundleBomb.Write(Path.Combine(Directory.CreateTempSubdirectory("ledger-bomb-").FullName, "bomb.zip"));
        await page.SetInputFilesAsync("#verify-input", bomb);
        await Assertions.Expect(page.Locator(".ledger-error")).ToContainTextAsync("The root certificate must be PEM text");
        await Assertions.Expect(page.Locator("#verify-report")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_bundle_bomb_dropped_on_the_verify_page_is_refused_and_the_server_stays_within_its_memory_bound()
    {
        var page = await f.SignedInPageAsync();
        await page.GotoAsync("/verify");
        await BrowserFixture.InteractiveAsync(page);
        var bomb = BundleBomb.Write(Path.Combine(Directory.CreateTempSubdirectory("ledger-bomb-").FullName, "bomb.zip"));
        var before = f.App.PeakMemoryKiB();

        await page.SetInputFilesAsync("#verify-input", bomb);
        await Assertions.Expect(page.Locator("#verify-report")).ToHaveAttributeAsync("data-verdict", "NotIntact", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#verify-failed")).ToContainTextAsync("expands more than 200 times its compressed size");

        var after = f.App.PeakMemoryKiB();
        log.WriteLine($"served app peak resident memory: {before / 1024} MiB before the bomb, {after / 1024} MiB after");
        // Before the verifier streamed its entries, this bundle took the page to 4.4 GB.
        Assert.True(after - before < 300 * 1024, $"the bomb raised the server's peak memory by {(after - before) / 1024} MiB");
    }
}
