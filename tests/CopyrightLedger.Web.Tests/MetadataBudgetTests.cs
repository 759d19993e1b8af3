using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Ingest;
using CopyrightLedger.Web.Features.Works;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Compressed metadata bombs through the real paths (the ingest endpoint, the bulk importer): the file is kept byte
/// for byte with its metadata unread, the message names the file and the limit, and the process's memory stays bounded.
/// </summary>
[Collection(BombCollection.Name)]
public sealed class MetadataBudgetTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long MemoryBound = 600L << 20;
    private readonly LedgerFactory _app = new(seedSamples: false, settings: new Dictionary<string, string> { ["Ledger:Limits:MetadataBytesPerImport"] = (40L << 20).ToString() });
    private readonly TempDir _files = new();
    private Actor _creator = default!;
    private Guid _caseId, _workId;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
        _caseId = await _app.Service<CaseService>().CreateAsync(_creator, "Bombs", "cn-bic", "");
        _workId = await _app.Service<WorkService>().CreateAsync(_creator, _caseId, "Target", Medium.Image, "");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_png_of_120_compressed_text_chunks_posted_to_the_ingest_api_is_kept_unread_within_bounded_memory()
    {
        // Each chunk stays under the 16 MiB a single chunk may inflate to: the attack that took the server to 10.8 GB.
        var bomb = Bombs.PngWithCompressedText(120, 16_000_000);
        var token = await _app.Service<ApiTokenService>().CreateAsync(_creator, "bomb");
        var client = _app.CreateClient();
        var form = new MultipartFormDataContent { { new ByteArrayContent(bomb) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "bomb.png" } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{_workId}/files") { Content = form, Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

        var start = PeakMemory.Reset();
        var response = await client.SendAsync(request);
        var peak = PeakMemory.Peak() - start;
        output.WriteLine($"bomb {bomb.Length} bytes, 120 x 16,000,000 inflated: peak {peak >> 20} MiB above the start");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var warning = answer.GetProperty("warning").GetString()!;
        Assert.Contains("bomb.png", warning);
        Assert.Contains("16 MiB per file", warning);
        Assert.True(peak < MemoryBound, $"peak {peak >> 20} MiB above the start");
        await using var db = _app.Db();
        var kept = await db.Artifacts.Include(a => a.Chunks).SingleAsync(a => a.WorkId == _workId);
        Assert.Equal(bomb.Length, kept.SizeBytes);
        Assert.Empty(kept.Chunks);
        Assert.Equal(bomb, await File.ReadAllBytesAsync(_app.Service<Storage.BlobStore>().PathOf(Core.Hashing.Sha256Hex.Parse(kept.Sha256))));
    }

    [Fact]
    public async Task A_png_whose_text_chunks_each_inflate_to_80_MB_is_flagged_by_name_and_the_other_files_import_with_their_metadata()
    {
        var folder = Repo.CopySampleImages("li-v-liu", Path.Combine(_files.Path, "batch"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "zz-bomb.png"), Bombs.PngWithCompressedText(120, 80_000_000));

        var start = PeakMemory.Reset();
        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, _caseId, _workId);
        var peak = PeakMemory.Peak() - start;
        output.WriteLine($"120 x 80 MB chunks beside 11 samples: peak {peak >> 20} MiB above the start");

        Assert.Contains(summary.Flags, f => f.StartsWith("zz-bomb.png: damaged: ", StringComparison.Ordinal) && f.Contains("16777216 bytes"));
        Assert.Equal(4, summary.Iterations);
        Assert.True(peak < MemoryBound, $"peak {peak >> 20} MiB above the start");
    }

    [Fact]
    public async Task Once_an_import_has_spent_its_budget_the_next_files_are_kept_with_their_metadata_unread()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "many")).FullName;
        for (var i = 0; i < 6; i++)
            await File.WriteAllBytesAsync(Path.Combine(folder, $"big-{i}.png"), Bombs.PngWithCompressedText(1, (12 << 20) + i));

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, _caseId, _workId);

        var unread = summary.Flags.Where(f => f.Contains("40 MiB per import")).ToList();
        Assert.InRange(unread.Count, 3, 5);
        Assert.Equal(6, summary.NewFiles);
    }
}
