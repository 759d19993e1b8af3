using System.Net;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>Sign-in and case membership over real HTTP requests to the hosted app.</summary>
public sealed class AccessTests : IClassFixture<AccessTests.Fixture>
{
    private readonly Fixture _f;

    public AccessTests(Fixture f) => _f = f;

    public sealed class Fixture : IAsyncLifetime
    {
        public LedgerFactory App { get; } = new(seedSamples: true);
        public const string OutsiderEmail = "outsider@test.local";
        public const string OutsiderPassword = "Outsider-password-1";

        public async Task InitializeAsync()
        {
            _ = App.Server; // starts the host: migrations, admin, samples
            using var scope = App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var outsider = new AppUser { UserName = OutsiderEmail, Email = OutsiderEmail, EmailConfirmed = true, DisplayName = "Outsider" };
            var result = await users.CreateAsync(outsider, OutsiderPassword);
            Assert.True(result.Succeeded, string.Join(";", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(outsider, Roles.Creator);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var client = _f.App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery.Replace("http://localhost", ""));
        Assert.Contains("ReturnUrl=%2Fcases", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_sign_in_page_is_served_to_anyone()
    {
        var client = _f.App.CreateClient(new() { AllowAutoRedirect = false });
        var html = await client.GetStringAsync("/account/login");
        Assert.Contains("id=\"sign-in\"", html);
        Assert.Contains("_framework/blazor.web.js", html);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _f.App.SignedInClientAsync(LedgerFactory.AdminEmail, "not-the-password"));
        Assert.Contains("ledger-error", ex.Message);
    }

    [Fact]
    public async Task A_member_sees_the_case_and_its_files()
    {
        var (caseId, title, artifactId) = await SampleCaseAsync();
        var client = await _f.App.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);

        var list = await client.GetStringAsync("/cases");
        Assert.Contains(WebUtility.HtmlEncode(title), list);
        var page = await client.GetAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(title), await page.Content.ReadAsStringAsync());

        var blob = await client.GetAsync($"/blobs/{artifactId}");
        Assert.Equal(HttpStatusCode.OK, blob.StatusCode);
        var bytes = await blob.Content.ReadAsByteArrayAsync();
        Assert.Equal(blob.Headers.GetValues("X-Content-SHA256").Single(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

        // The case's evidence bundle downloads for a member and verifies.
        var bundle = await client.GetAsync($"/cases/{caseId}/bundle");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("application/zip", bundle.Content.Headers.ContentType?.MediaType);
        var report = CopyrightLedger.Web.Ledger.BundleVerifier.Verify(new MemoryStream(await bundle.Content.ReadAsByteArrayAsync()), "download");
        Assert.True(report.Intact, string.Join("\n", report.Failed));
    }

    [Fact]
    public async Task A_non_member_gets_404_for_the_case_url_and_its_files()
    {
        var (caseId, title, artifactId) = await SampleCaseAsync();
        var client = await _f.App.SignedInClientAsync(Fixture.OutsiderEmail, Fixture.OutsiderPassword);

        var page = await client.GetAsync($"/cases/{caseId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain(WebUtility.HtmlEncode(title), await page.Content.ReadAsStringAsync());

        Assert.DoesNotContain(WebUtility.HtmlEncode(title), await client.GetStringAsync("/cases"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/blobs/{artifactId}")).StatusCode);
        var workId = await WorkOfAsync(caseId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/works/{workId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/cases/{caseId}/bundle")).StatusCode);
    }

    [Fact]
    public async Task Membership_is_enforced_by_the_services_too()
    {
        var (caseId, _, _) = await SampleCaseAsync();
        using var scope = _f.App.Services.CreateScope();
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        var outsider = new Actor("no-such-user", "Nobody", IsAdmin: true, IsReviewerOnly: false);
        Assert.Null(await cases.GetAsync(outsider, caseId));
        await Assert.ThrowsAsync<NotFoundException>(() => cases.UpdateAsync(outsider, caseId, "x", "cn-bic", CaseStatus.Open, null));
    }

    [Theory]
    [InlineData("invoice\u202Egnp.exe", "invoice_gnp.exe")] // shown as "invoiceexe.png" by a browser that kept the override
    [InlineData("..\\..\\evil.bat", "_.._evil.bat")]
    [InlineData("a\r\nSet-Cookie: x=1.png", "a__Set-Cookie_ x=1.png")]
    [InlineData("草图 第一版.png", "草图 第一版.png")]
    public async Task A_download_is_named_without_controls_or_paths_and_the_stored_name_keeps_every_byte(string stored, string offered)
    {
        var creator = await _f.App.CreateUserAsync($"names{Guid.NewGuid():N}@test.local", Roles.Creator);
        var caseId = await _f.App.Service<CaseService>().CreateAsync(creator, "Names", "cn-bic", null);
        var upload = await _f.App.Service<Features.Works.ArtifactService>().UploadAsync(creator, caseId, null, ArtifactRole.Reference, stored,
            new MemoryStream("not an image"u8.ToArray()));
        var client = await _f.App.SignedInClientAsync(creator.DisplayName + "@test.local", "Password-for-tests-1");

        var response = await client.GetAsync($"/blobs/{upload.Artifact.Id}?download=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal(offered, disposition.FileNameStar);
        Assert.Equal(stored, upload.Artifact.OriginalFileName);
    }

    [Fact]
    public async Task Anonymous_requests_for_files_are_not_served()
    {
        var (_, _, artifactId) = await SampleCaseAsync();
        var client = _f.App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/blobs/{artifactId}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(Guid CaseId, string Title, Guid ArtifactId)> SampleCaseAsync()
    {
        await using var db = _f.App.Db();
        var c = await db.Cases.OrderBy(x => x.Title).FirstAsync();
        var artifact = await db.Artifacts.Where(a => a.CaseId == c.Id && a.Role == ArtifactRole.Output).FirstAsync();
        return (c.Id, c.Title, artifact.Id);
    }

    private async Task<Guid> WorkOfAsync(Guid caseId)
    {
        await using var db = _f.App.Db();
        return await db.Works.Where(w => w.CaseId == caseId).Select(w => w.Id).FirstAsync();
    }
}
