using System.IO.Compression;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Assessment;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Jobs;
using CopyrightLedger.Web.Samples;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// A folder holding a case.json is a case folder wherever it comes in (docs/CASE-FOLDER.md): the Li sample imported
/// through the Import tab (a folder, a zip of it, a zip of it in one top folder) and through <c>ledger import --case</c>
/// assesses exactly as the seeded sample does, and what the importer does not use is reported.
/// </summary>
public sealed class CaseFolderImportTests : IAsyncLifetime
{
    private static readonly string Li = Path.Combine(Repo.Samples, "li-v-liu");
    private readonly LedgerFactory _app = new(seedSamples: true);
    private readonly TempDir _files = new();
    private Actor _creator = default!;
    private Profile _profile = default!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
        _profile = Profile.LoadFolder(Path.Combine(Repo.Root, "profiles")).Single(p => p.Id == "cn-bic");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The assessment of a case's one work, as share and every factor's score.</summary>
    private async Task<string> AssessmentOfAsync(Guid caseId)
    {
        await using var db = _app.Db();
        var workId = await db.Works.Where(w => w.CaseId == caseId).Select(w => w.Id).SingleAsync();
        var result = Assessor.Assess(await _app.Service<WorkFactsBuilder>().BuildAsync(workId), _profile);
        return $"{result.Band.Share:0.00} {result.Band.Band} " + string.Join(" ", result.Factors.Select(f => $"{f.Id}={f.Score}"));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private string ZipOfLi(string name, string? topFolder)
    {
        var zip = Path.Combine(_files.Path, name);
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(Li, "*", SearchOption.AllDirectories))
            archive.CreateEntryFromFile(file, (topFolder is null ? "" : topFolder + "/") + Path.GetRelativePath(Li, file).Replace('\\', '/'));
        return zip;
    }

    private async Task<(Guid CaseId, ImportSummary Summary)> ImportThroughTheTabAsync(Action<string, ImportStaging> stage)
    {
        var caseId = await _app.Service<CaseService>().CreateAsync(_creator, $"Li again {Guid.NewGuid():N}", "cn-bic", "");
        var staging = _app.Service<ImportStaging>();
        var folder = staging.NewFolder();
        stage(folder, staging);
        var queue = _app.Service<JobQueue>();
        var job = await queue.EnqueueAsync(_creator, ImportJob.JobKind, caseId, ImportJob.Describe(folder, Guid.Empty, removeAfter: true, "li.zip"));
        for (var i = 0; i < 600; i++)
        {
            var view = await queue.GetAsync(_creator, job.Id);
            if (view?.IsFinished == true)
            {
                Assert.True(view.Status == JobStatus.Succeeded, view.Message);
                return (caseId, System.Text.Json.JsonSerializer.Deserialize<ImportSummary>(view.Result!, System.Text.Json.JsonSerializerOptions.Web)!);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The import job did not finish.");
    }

    [Fact]
    public async Task The_li_sample_through_the_import_tab_as_a_folder_or_a_zip_assesses_as_the_seeded_one()
    {
        var seeded = await AssessmentOfAsync(SampleSeeder.SampleCaseId("li-v-liu"));
        Assert.StartsWith("0.67", seeded);

        var stagings = new (string How, Action<string, ImportStaging> Stage)[]
        {
            ("folder", (folder, _) => CopyTree(Li, folder)),
            ("zip", (folder, staging) => Assert.Empty(staging.Unpack(Copied(ZipOfLi("li.zip", null), folder), folder))),
            ("zip with one top folder", (folder, staging) => Assert.Empty(staging.Unpack(Copied(ZipOfLi("top.zip", "li-v-liu"), folder), folder))),
        };
        foreach (var (how, stage) in stagings)
        {
            var (caseId, summary) = await ImportThroughTheTabAsync(stage);
            Assert.True(seeded == await AssessmentOfAsync(caseId), $"{how}: {await AssessmentOfAsync(caseId)} instead of {seeded}");
            Assert.Contains(summary.Flags, f => f.EndsWith("generate.json: says how the project's sample generator draws the images; not evidence, not imported."));
            Assert.Contains(summary.Flags, f => f.Contains("case.json: imported into an existing case"));
            await using var db = _app.Db();
            Assert.Empty(await db.Artifacts.Where(a => a.CaseId == caseId && (a.OriginalFileName.EndsWith(".json") || a.OriginalFileName.EndsWith(".md"))).ToListAsync());
            Assert.Equal(3, await db.Notes.CountAsync(n => n.CaseId == caseId));
        }
    }

    private static string Copied(string file, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileName(file));
        File.Copy(file, target);
        return target;
    }

    [Fact]
    public async Task The_li_sample_through_ledger_import_with_case_assesses_as_the_seeded_one_and_a_second_run_adds_nothing()
    {
        var seeded = await AssessmentOfAsync(SampleSeeder.SampleCaseId("li-v-liu"));
        var folder = Path.Combine(_files.Path, "li-v-liu");
        CopyTree(Li, folder);
        foreach (var (path, name) in new[] { (folder, "Li by folder"), (ZipOfLi("li.zip", "li-v-liu"), "Li by zip") })
        {
            Assert.Equal(0, await ImportCommand.RunAsync(_app.Services, [path, "--case", name]));
            Assert.Equal(0, await ImportCommand.RunAsync(_app.Services, [path, "--case", name]));
            await using var db = _app.Db();
            var caseId = await db.Cases.Where(c => c.Title == name).Select(c => c.Id).SingleAsync();
            Assert.True(seeded == await AssessmentOfAsync(caseId), $"{name}: {await AssessmentOfAsync(caseId)} instead of {seeded}");
            Assert.Equal(3, await db.Notes.CountAsync(n => n.CaseId == caseId));
            Assert.Equal(1, await db.Selections.CountAsync(s => db.Works.Any(w => w.Id == s.WorkId && w.CaseId == caseId)));
            Assert.Equal("cn-bic", (await db.Cases.SingleAsync(c => c.Id == caseId)).Jurisdiction);
        }
    }
}
