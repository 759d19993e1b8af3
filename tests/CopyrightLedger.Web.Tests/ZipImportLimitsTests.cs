using System.Diagnostics;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Works;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Zip imports and quotas (docs/SECURITY.md, "Bounded work per input"): a zip is unpacked as the Import tab and
/// <c>ledger import x.zip</c> unpack it, then imported; every refusal names the file and the limit, nothing of a
/// refused entry becomes evidence, and the batch's other files still import.
/// </summary>
[Collection(BombCollection.Name)]
public sealed class ZipImportLimitsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly byte[] Png = File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "03-b.png"));
    private LedgerFactory _app = new(seedSamples: false);
    private readonly TempDir _files = new();
    private Actor _creator = default!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(Guid CaseId, Guid WorkId)> CaseWithWorkAsync()
    {
        var caseId = await _app.Service<CaseService>().CreateAsync(_creator, $"Zip {Guid.NewGuid():N}", "cn-bic", "");
        return (caseId, await _app.Service<WorkService>().CreateAsync(_creator, caseId, "Unpacked", Medium.Image, ""));
    }

    /// <summary>Stages the zip as the Import tab does (save, unpack) and imports what was unpacked.</summary>
    private async Task<(ImportSummary Summary, IReadOnlyList<string> Refused, string Folder)> ImportZipAsync(string zip, Guid caseId, Guid workId)
    {
        var staging = _app.Service<ImportStaging>();
        var folder = staging.NewFolder();
        await using (var s = File.OpenRead(zip)) zip = await ImportStaging.SaveAsync(folder, Path.GetFileName(zip), s, default);
        var refused = staging.Unpack(zip, folder);
        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, db => BulkImporter.ExistingWorkAsync(db, caseId, workId, default), refusedBefore: refused);
        return (summary, refused, folder);
    }

    private async Task<(int Artifacts, long LargestFile, int Events)> EvidenceOfAsync(Guid caseId)
    {
        await using var db = _app.Db();
        var sizes = await db.Artifacts.Where(a => a.CaseId == caseId).Select(a => a.SizeBytes).ToListAsync();
        return (sizes.Count, sizes.DefaultIfEmpty().Max(), await db.LedgerEvents.CountAsync(e => e.Chain == caseId.ToString()));
    }

    [Fact]
    public async Task An_entry_that_expands_to_10_GiB_is_refused_by_name_and_the_zips_other_files_import_within_bounded_memory()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var zip = Path.Combine(_files.Path, "bomb.zip");
        var made = Stopwatch.StartNew();
        Bombs.ZipOfZeros(zip, "zeros.png", 10L << 30, ("ok/03-b.png", Png));
        output.WriteLine($"10 GiB entry deflated into {new FileInfo(zip).Length} bytes in {made.Elapsed.TotalSeconds:F1} s");
        var eventsBefore = (await EvidenceOfAsync(caseId)).Events;

        var start = PeakMemory.Reset();
        var (summary, refused, folder) = await ImportZipAsync(zip, caseId, workId);
        var peak = PeakMemory.Peak() - start;
        output.WriteLine($"peak {peak >> 20} MiB above the start; refused: {string.Join(" | ", refused)}");

        var message = Assert.Single(refused);
        Assert.Contains("bomb.zip: entry 'zeros.png' refused", message);
        Assert.Contains("2 GiB per entry (Ledger:Limits:ZipEntryBytes)", message);
        Assert.Contains(message, summary.Flags);
        Assert.Equal(1, summary.NewFiles);
        var (artifacts, largest, events) = await EvidenceOfAsync(caseId);
        Assert.Equal((1, Png.Length, eventsBefore + 1), (artifacts, largest, events));
        Assert.False(File.Exists(Path.Combine(folder, "bomb.zip")), "the zip with a refused entry is not kept");
        Assert.True(peak < 600L << 20, $"peak {peak >> 20} MiB above the start");
    }

    [Fact]
    public async Task An_entry_whose_header_understates_its_size_is_refused_by_counting_while_it_inflates()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var zip = Path.Combine(_files.Path, "liar.zip");
        Bombs.ZipOfZeros(zip, "small.png", 200L << 20);
        Bombs.LieAboutSizes(zip, 1000);

        var start = PeakMemory.Reset();
        var (summary, refused, folder) = await ImportZipAsync(zip, caseId, workId);
        var peak = PeakMemory.Peak() - start;
        output.WriteLine($"peak {peak >> 20} MiB above the start; refused: {string.Join(" | ", refused)}");

        Assert.Equal("liar.zip: entry 'small.png' refused: its bytes do not match the checksum in its header (the header misstates its size, or the entry is damaged).", Assert.Single(refused));
        Assert.False(File.Exists(Path.Combine(folder, "liar", "small.png")));
        Assert.Equal(0, summary.NewFiles);
        Assert.Equal(0, (await EvidenceOfAsync(caseId)).Artifacts);
        Assert.True(peak < 600L << 20, $"peak {peak >> 20} MiB above the start");
    }

    [Fact]
    public async Task An_entry_that_expands_more_than_the_ratio_allows_is_refused_even_under_the_size_limits()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var zip = Path.Combine(_files.Path, "ratio.zip");
        Bombs.ZipOfZeros(zip, "flat.png", 64L << 20);

        var (_, refused, _) = await ImportZipAsync(zip, caseId, workId);

        Assert.Contains("expands more than 100 times its compressed size", Assert.Single(refused));
        Assert.Contains("(Ledger:Limits:ZipRatio)", refused[0]);
        Assert.Equal(0, (await EvidenceOfAsync(caseId)).Artifacts);
    }

    [Theory]
    [InlineData("../escape.png", "climbs out")]
    [InlineData("a/../../escape.png", "climbs out")]
    [InlineData("..\\escape.png", "climbs out")]
    [InlineData("/etc/escape.png", "absolute path")]
    [InlineData("C:/escape.png", "drive letter")]
    [InlineData("c:escape.png", "drive letter")]
    [InlineData("bad\0.png", "NUL")]
    public async Task An_entry_named_to_leave_the_staging_folder_is_refused_and_the_others_unpack(string name, string reason)
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var zip = Path.Combine(_files.Path, "names.zip");
        Bombs.ZipWithNames(zip, [name, "fine/03-b.png"], Png);

        var (summary, refused, _) = await ImportZipAsync(zip, caseId, workId);

        Assert.Contains(reason, Assert.Single(refused));
        Assert.Equal(1, summary.NewFiles);
        Assert.Empty(Directory.EnumerateFiles(_files.Path, "escape.png", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_app.DataDirectory)!, "escape.png")));
    }

    [Fact]
    public async Task A_zip_inside_a_zip_is_kept_as_one_file_and_never_unpacked()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var inner = Path.Combine(_files.Path, "inner.zip");
        Bombs.ZipOfZeros(inner, "zeros.bin", 1L << 30);
        var outer = Path.Combine(_files.Path, "outer.zip");
        Bombs.Zip(outer, ("inner.zip", File.ReadAllBytes(inner)), ("03-b.png", Png));

        var (summary, refused, _) = await ImportZipAsync(outer, caseId, workId);

        Assert.Empty(refused);
        Assert.Equal(3, summary.NewFiles); // outer.zip, inner.zip and the PNG: the inner zip's gigabyte never unpacked
        Assert.Equal(new FileInfo(outer).Length, (await EvidenceOfAsync(caseId)).LargestFile);
    }

    /// <summary>Restarts the app with the given <c>Ledger:Limits</c>, with a case, a work and a copy of the Li sample's images.</summary>
    private async Task<(Guid CaseId, Guid WorkId, string Folder)> SamplesUnderQuotaAsync(params (string Limit, string Value)[] limits)
    {
        _app.Dispose();
        _app = new LedgerFactory(seedSamples: false, settings: limits.ToDictionary(l => "Ledger:Limits:" + l.Limit, l => l.Value));
        await InitializeAsync();
        var (caseId, workId) = await CaseWithWorkAsync();
        return (caseId, workId, Repo.CopySampleImages("li-v-liu", Path.Combine(_files.Path, "quota")));
    }

    [Fact]
    public async Task Files_past_the_batch_or_the_case_quota_are_refused_by_name_and_the_rest_import()
    {
        var (caseId, workId, folder) = await SamplesUnderQuotaAsync(("BatchFiles", "3"), ("CaseFiles", "5"));
        var names = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

        var first = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        Assert.Equal(3, first.NewFiles);
        Assert.Contains($"{names[3]}: not imported: it would pass the import's limit of 3 files (Ledger:Limits:BatchFiles).", first.Flags);

        foreach (var done in names.Take(3)) File.Delete(Path.Combine(folder, done));
        var second = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        Assert.Equal(2, second.NewFiles);
        Assert.Contains($"{names[5]}: not imported: it would pass the case's limit of 5 files (Ledger:Limits:CaseFiles).", second.Flags);
        Assert.Equal(5, (await EvidenceOfAsync(caseId)).Artifacts);
    }

    [Fact]
    public async Task Single_uploads_and_the_ingest_api_count_against_the_cases_quota_as_imports_do()
    {
        var (caseId, workId, folder) = await SamplesUnderQuotaAsync(("CaseFiles", "3"), ("BatchBytes", "100000"));
        var names = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        var uploads = _app.Service<ArtifactService>();
        async Task<ArtifactService.UploadResult> UploadAsync(string path)
        {
            await using var s = File.OpenRead(path);
            return await uploads.UploadAsync(_creator, caseId, workId, ArtifactRole.Output, Path.GetFileName(path), s);
        }

        // One file over the batch's bytes is refused on its own, by name and limit, and nothing is recorded.
        var big = Path.Combine(_files.Path, "big.bin");
        File.WriteAllBytes(big, new byte[100_001]);
        var tooBig = await Assert.ThrowsAsync<Core.DomainException>(() => UploadAsync(big));
        Assert.Contains("big.bin", tooBig.Message);
        Assert.Contains("(Ledger:Limits:BatchBytes)", tooBig.Message);
        Assert.Equal(0, (await EvidenceOfAsync(caseId)).Artifacts);

        await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId); // 3 of the files: the case is full
        Assert.Equal(3, (await EvidenceOfAsync(caseId)).Artifacts);
        var full = await Assert.ThrowsAsync<Core.DomainException>(() => UploadAsync(names[3]));
        Assert.Contains("the case's limit of 3 files (Ledger:Limits:CaseFiles)", full.Message);
        Assert.True((await UploadAsync(names[0])).Duplicate); // bytes the case holds add nothing and still link

        var token = await _app.Service<Features.Ingest.ApiTokenService>().CreateAsync(_creator, "script");
        var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(names[4])), "file", Path.GetFileName(names[4]) } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{workId}/files") { Content = form };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await _app.CreateClient().SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("(Ledger:Limits:CaseFiles)", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await EvidenceOfAsync(caseId)).Artifacts);
    }

    [Fact]
    public void A_limit_out_of_range_stops_the_start_and_names_the_setting()
    {
        using var app = new LedgerFactory(seedSamples: false, settings: new Dictionary<string, string> { ["Ledger:Limits:ZipRatio"] = "1" });
        var e = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("ZipRatio", (e as OptionsValidationException ?? e.InnerException as OptionsValidationException ?? throw e).Message);
    }
}
