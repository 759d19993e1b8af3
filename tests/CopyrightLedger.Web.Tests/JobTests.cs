using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>The durable job table: jobs run in the background, report progress, fail with a message and survive a restart.</summary>
public sealed class JobTests
{
    private static async Task<JobView> WaitAsync(LedgerFactory app, Actor actor, Guid id)
    {
        var queue = app.Service<JobQueue>();
        for (var i = 0; i < 300; i++)
        {
            var view = await queue.GetAsync(actor, id);
            if (view?.IsFinished == true) return view;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Job {id} did not finish.");
    }

    private static async Task<(Actor Creator, Guid CaseId, Guid WorkId)> SetUpAsync(LedgerFactory app)
    {
        var creator = await app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
        var caseId = await app.Service<CaseService>().CreateAsync(creator, "Jobs", "cn-bic", "");
        var workId = await app.Service<WorkService>().CreateAsync(creator, caseId, "W", Medium.Image, "");
        return (creator, caseId, workId);
    }

    private static string StageSample(TempDir dir, string name) => Repo.CopySampleImages("reroll-only", Path.Combine(dir.Path, name));

    [Fact]
    public async Task An_import_job_runs_in_the_background_and_keeps_its_summary()
    {
        using var app = new LedgerFactory(seedSamples: false);
        using var dir = new TempDir();
        var (creator, caseId, workId) = await SetUpAsync(app);
        var folder = StageSample(dir, "staged");
        var progress = new List<JobView>();
        using var _ = app.Service<JobNotifier>().Subscribe(caseId, v => { lock (progress) progress.Add(v); return Task.CompletedTask; });

        var job = await app.Service<JobQueue>().EnqueueAsync(creator, ImportJob.JobKind, caseId, ImportJob.Describe(folder, workId, removeAfter: true));
        var done = await WaitAsync(app, creator, job.Id);

        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal((6, 6), (done.Done, done.Total));
        Assert.Contains("\"iterations\":6", done.Result);
        Assert.False(Directory.Exists(folder), "the staging folder is removed after a successful import");
        lock (progress) Assert.Contains(progress, p => p.Status == JobStatus.Running && p.Done > 0);
    }

    [Fact]
    public async Task A_failing_job_is_marked_failed_with_its_reason_and_others_cannot_see_it()
    {
        using var app = new LedgerFactory(seedSamples: false);
        var (creator, caseId, workId) = await SetUpAsync(app);
        var job = await app.Service<JobQueue>().EnqueueAsync(creator, ImportJob.JobKind, caseId, ImportJob.Describe("/nonexistent/folder", workId, false));
        var done = await WaitAsync(app, creator, job.Id);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Contains("no such folder", done.Message);

        var outsider = await app.CreateUserAsync($"outsider{Guid.NewGuid():N}@test.local", Roles.Creator);
        Assert.Null(await app.Service<JobQueue>().GetAsync(outsider, job.Id));
    }

    [Fact]
    public async Task A_long_failure_message_is_cut_to_the_length_its_column_holds()
    {
        using var app = new LedgerFactory(seedSamples: false);
        var (creator, caseId, workId) = await SetUpAsync(app);
        var folder = "/nonexistent/" + string.Join('/', Enumerable.Repeat(new string('x', 200), 15));
        var job = await app.Service<JobQueue>().EnqueueAsync(creator, ImportJob.JobKind, caseId, ImportJob.Describe(folder, workId, false));
        var done = await WaitAsync(app, creator, job.Id);
        await using var db = app.Db();
        var column = db.Model.FindEntityType(typeof(Job))!.FindProperty(nameof(Job.Message))!.GetMaxLength();
        Assert.Equal(column, done.Message.Length);
        Assert.EndsWith("...", done.Message);
    }

    [Fact]
    public async Task A_job_interrupted_by_a_crash_runs_again_at_the_next_start()
    {
        using var dir = new TempDir();
        using var data = new TempDir();
        Actor creator;
        Guid caseId, workId, jobId;
        var folder = StageSample(dir, "staged");
        using (var first = new LedgerFactory(seedSamples: false, dataDirectory: data.Path))
        {
            (creator, caseId, workId) = await SetUpAsync(first);
            // What a killed process leaves behind: a job row still marked Running.
            await using var db = first.Db();
            var job = new Job(Guid.NewGuid(), ImportJob.JobKind, caseId, creator.UserId, ImportJob.Describe(folder, workId, false), DateTime.UtcNow);
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.Attempts, 1));
            jobId = job.Id;
        }
        using var second = new LedgerFactory(seedSamples: false, dataDirectory: data.Path);
        _ = second.Server;
        var done = await WaitAsync(second, creator, jobId);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        await using var check = second.Db();
        Assert.Equal(2, await check.Jobs.Where(j => j.Id == jobId).Select(j => j.Attempts).SingleAsync());
        Assert.Equal(6, await check.Iterations.CountAsync(i => i.WorkId == workId));
    }

    [Fact]
    public async Task A_job_that_keeps_killing_the_process_is_given_up()
    {
        using var data = new TempDir();
        Guid jobId;
        Actor creator;
        using (var first = new LedgerFactory(seedSamples: false, dataDirectory: data.Path))
        {
            Guid caseId, workId;
            (creator, caseId, workId) = await SetUpAsync(first);
            await using var db = first.Db();
            var job = new Job(Guid.NewGuid(), ImportJob.JobKind, caseId, creator.UserId, ImportJob.Describe("/x", workId, false), DateTime.UtcNow);
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.Attempts, JobRunner.MaxAttempts));
            jobId = job.Id;
        }
        using var second = new LedgerFactory(seedSamples: false, dataDirectory: data.Path);
        _ = second.Server;
        var done = await WaitAsync(second, creator, jobId);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Contains("not retried", done.Message);
    }

    /// <summary>A job that reports that it started, then waits until it is canceled.</summary>
    private sealed class WaitingJob : IJobHandler
    {
        public const string JobKind = "test.wait";
        public string Kind => JobKind;

        public async Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct)
        {
            progress.Report(1, 2, "waiting");
            await Task.Delay(Timeout.Infinite, ct);
            return "{}";
        }
    }

    [Fact]
    public async Task A_queued_job_is_canceled_at_once_and_a_running_one_stops_when_asked()
    {
        using var app = new LedgerFactory(seedSamples: false, services: s => s.AddScoped<IJobHandler, WaitingJob>());
        var (creator, caseId, _) = await SetUpAsync(app);
        var queue = app.Service<JobQueue>();
        var running = await queue.EnqueueAsync(creator, WaitingJob.JobKind, caseId, "{}");
        var queued = await queue.EnqueueAsync(creator, WaitingJob.JobKind, caseId, "{}"); // one job runs at a time: this one waits
        for (var i = 0; i < 100 && (await queue.GetAsync(creator, running.Id))!.Status != JobStatus.Running; i++) await Task.Delay(50);

        Assert.True(await queue.CancelAsync(creator, queued.Id));
        Assert.Equal(JobStatus.Canceled, (await queue.GetAsync(creator, queued.Id))!.Status);
        Assert.True(await queue.CancelAsync(creator, running.Id));
        Assert.Equal(JobStatus.Canceled, (await WaitAsync(app, creator, running.Id)).Status);
        Assert.False(await queue.CancelAsync(creator, running.Id)); // finished: nothing to cancel

        var reviewer = await app.CreateUserAsync($"reviewer{Guid.NewGuid():N}@test.local", Roles.Reviewer);
        var another = await queue.EnqueueAsync(creator, WaitingJob.JobKind, caseId, "{}");
        await Assert.ThrowsAsync<NotFoundException>(() => queue.CancelAsync(reviewer, another.Id)); // not a member of the case
        Assert.True(await queue.CancelAsync(creator, another.Id));
    }

    [Fact]
    public async Task A_panels_jobs_are_filtered_before_the_newest_are_taken_so_other_jobs_never_hide_them()
    {
        using var app = new LedgerFactory(seedSamples: false, services: s => s.AddScoped<IJobHandler, WaitingJob>());
        var (creator, caseId, workId) = await SetUpAsync(app);
        var other = await app.Service<WorkService>().CreateAsync(creator, caseId, "Other work", Medium.Image, "");
        var queue = app.Service<JobQueue>();
        var dossier = await queue.EnqueueAsync(creator, WaitingJob.JobKind, caseId, $$"""{"workId":"{{workId}}","language":"en","sign":false}""");
        for (var i = 0; i < 12; i++) await queue.EnqueueAsync(creator, WaitingJob.JobKind, caseId, $$"""{"workId":"{{other}}"}""");
        for (var i = 0; i < 12; i++) await queue.EnqueueAsync(creator, "test.other-kind", caseId, "not json at all");

        Assert.Equal([dossier.Id], (await queue.ListAsync(creator, caseId, WaitingJob.JobKind, workId)).Select(j => j.Id));
        Assert.Equal(10, (await queue.ListAsync(creator, caseId, WaitingJob.JobKind, other)).Count);
        Assert.Contains(dossier.Id, (await queue.ListAsync(creator, caseId, WaitingJob.JobKind, take: 13)).Select(j => j.Id));
        Assert.All(await queue.ListAsync(creator, caseId, "test.other-kind"), j => Assert.Equal("test.other-kind", j.Kind));
    }
}
