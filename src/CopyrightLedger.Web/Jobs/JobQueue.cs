using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Jobs;

/// <summary>Puts work on the job table and reads it back, for members of the job's case only.</summary>
public sealed class JobQueue(IDbContextFactory<LedgerDbContext> dbs, JobRunner runner, JobNotifier notifier, TimeProvider clock)
{
    /// <param name="issuing">
    /// The job issues evidence (a dossier) rather than changing it, so any member may ask for it, reviewers included,
    /// as they may download a bundle; other jobs need a member who may change the case.
    /// </param>
    public async Task<JobView> EnqueueAsync(Actor actor, string kind, Guid caseId, string payload, CancellationToken ct = default, bool issuing = false)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (issuing) _ = await CaseService.RoleInAsync(db, actor, caseId, ct) ?? throw new NotFoundException();
        else await CaseService.RequireWriterAsync(db, actor, caseId, ct);
        var now = clock.GetUtcNow();
        var job = new Job(Guid.CreateVersion7(now), kind, caseId, actor.UserId, payload, now.UtcDateTime);
        db.Add(job);
        await db.SaveChangesAsync(ct);
        runner.Wake();
        return JobView.Of(job);
    }

    /// <summary>Queues work the installation does for itself (a timestamp request), on no one's behalf.</summary>
    public async Task<JobView> EnqueueSystemAsync(string kind, Guid? caseId, string payload, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var job = new Job(Guid.CreateVersion7(now), kind, caseId, "system", payload, now.UtcDateTime);
        db.Add(job);
        await db.SaveChangesAsync(ct);
        runner.Wake();
        return JobView.Of(job);
    }

    /// <summary>
    /// Stops a job: a queued one is marked canceled at once; a running one is asked to stop and is marked canceled by
    /// the runner when it does (its handler sees the cancellation at its next check). False when it has finished.
    /// </summary>
    public async Task<bool> CancelAsync(Actor actor, Guid jobId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var job = await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job?.CaseId is not { } caseId) return false;
        if (job.RequestedBy != actor.UserId) await CaseService.RequireWriterAsync(db, actor, caseId, ct); // who asked may always stop it
        var now = clock.GetUtcNow().UtcDateTime;
        var dequeued = await db.Set<Job>().Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Canceled).SetProperty(j => j.Message, "Canceled.").SetProperty(j => j.FinishedAtUtc, now), ct);
        if (dequeued == 1)
        {
            notifier.Publish(JobView.Of(await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == jobId, ct)));
            return true;
        }
        // Not queued any more: running (perhaps claimed since it was read above), or finished.
        var status = await db.Set<Job>().Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync(ct);
        if (status != JobStatus.Running) return false;
        runner.Cancel(jobId);
        return true;
    }

    public async Task<JobView?> GetAsync(Actor actor, Guid jobId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var job = await db.Set<Job>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job?.CaseId is not { } caseId || await CaseService.RoleInAsync(db, actor, caseId, ct) is null) return null;
        return JobView.Of(job);
    }

    /// <summary>
    /// The case's newest <paramref name="take"/> jobs of <paramref name="kind"/>, of one work when
    /// <paramref name="workId"/> is given (the <c>workId</c> of the job's payload). Filtered in the query, before
    /// the cut: a panel's jobs never vanish behind the case's other jobs.
    /// </summary>
    public async Task<IReadOnlyList<JobView>> ListAsync(Actor actor, Guid caseId, string kind, Guid? workId = null, int take = 10, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) throw new NotFoundException();
        var jobs = workId is { } w
            ? db.Set<Job>().FromSql($"SELECT * FROM Jobs WHERE json_valid(Payload) AND lower(json_extract(Payload, '$.workId')) = {w.ToString("D")}")
            : db.Set<Job>();
        var newest = await jobs.AsNoTracking().Where(j => j.CaseId == caseId && j.Kind == kind).OrderByDescending(j => j.CreatedAtUtc).Take(take).ToListAsync(ct);
        return newest.Select(JobView.Of).ToList();
    }
}
