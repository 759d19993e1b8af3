using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>Staging folders of imports (docs/SECURITY.md): removed after a failure and at start; a failed import creates no work.</summary>
public sealed class StagingTests : IDisposable
{
    private readonly TempDir _data = new();

    public void Dispose() => _data.Dispose();

    private sealed class NoProgress : IJobProgress
    {
        public void Report(int done, int total, string message) { }
    }

    [Fact]
    public async Task A_failed_import_job_removes_its_staging_folder_and_leaves_no_new_work()
    {
        using var app = new LedgerFactory(seedSamples: false, dataDirectory: _data.Path);
        _ = app.Server;
        var creator = await app.CreateUserAsync("staging@test.local", Roles.Creator);
        var caseId = await app.Service<CaseService>().CreateAsync(creator, "Staged", "cn-bic", "");
        var folder = app.Service<ImportStaging>().NewFolder();
        Repo.CopySampleImages("li-v-liu", folder);
        // The job names a case that does not exist: the import fails after its files were read and its work added.
        var job = new Job(Guid.CreateVersion7(), ImportJob.JobKind, Guid.CreateVersion7(), creator.UserId, ImportJob.Describe(folder, Guid.Empty, removeAfter: true, "Never made"), DateTime.UtcNow);
        var handler = app.Services.CreateScope().ServiceProvider.GetServices<IJobHandler>().OfType<ImportJob>().Single();

        await Assert.ThrowsAnyAsync<Exception>(() => handler.RunAsync(job, new NoProgress(), default));

        Assert.False(Directory.Exists(folder));
        await using var db = app.Db();
        Assert.False(await db.Works.AnyAsync(w => w.Title == "Never made"));
        Assert.Equal(0, await db.Works.CountAsync(w => w.CaseId == caseId));
    }

    [Fact]
    public void At_start_staging_folders_that_no_pending_import_needs_are_removed()
    {
        var abandoned = Directory.CreateDirectory(Path.Combine(_data.Path, "imports", Guid.CreateVersion7().ToString("N"), "half")).FullName;
        File.WriteAllBytes(Path.Combine(abandoned, "part.png"), [1, 2, 3]);
        var deadCli = Directory.CreateDirectory(Path.Combine(_data.Path, "imports", $"cli-{int.MaxValue - 7}-{Guid.NewGuid():N}")).FullName;
        var liveCli = Directory.CreateDirectory(Path.Combine(_data.Path, "imports", $"cli-{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;

        using var app = new LedgerFactory(seedSamples: false, dataDirectory: _data.Path);
        _ = app.Server;

        Assert.False(Directory.Exists(Path.GetDirectoryName(abandoned)));
        Assert.False(Directory.Exists(deadCli));
        Assert.True(Directory.Exists(liveCli), "a command-line import still running keeps its folder");
    }
}
