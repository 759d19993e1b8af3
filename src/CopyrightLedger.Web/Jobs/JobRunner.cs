using System.Diagnostics;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Jobs;

/// <summary>
/// Runs queued jobs one at a time, oldest first. At start, a job left Running by a process that died is queued
/// again (a job that failed that way three times is marked Failed instead, so a crashing input cannot loop).
/// Progress is written to the row at most four times a second and published to open pages at once.
/// </summary>
public sealed class JobRunner(IServiceProvider services, IDbContextFactory<LedgerDbContext> dbs, JobNotifier notifier,
    TimeProvider clock, ILogger<JobRunner> log) : BackgroundService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _cancelAtStart = new();
    public const int MaxAttempts = 3;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly JobNotifier _notifier = notifier;
    private readonly ILogger<JobRunner> _log = log;

    /// <summary>Starts the next job now instead of at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await RequeueInterruptedAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            Job? job;
            try { job = await ClaimNextAsync(stop); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Could not read the job table.");
                job = null;
            }
            if (job is null)
            {
                try { await _wake.WaitAsync(TimeSpan.FromSeconds(2), stop); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            await RunAsync(job, stop);
        }
    }

    private async Task RequeueInterruptedAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Job>().Where(j => j.Status == JobStatus.Running && j.Attempts >= MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Failed)
                .SetProperty(j => j.Message, $"Stopped by a crash or restart {MaxAttempts} times; not retried.")
                .SetProperty(j => j.FinishedAtUtc, now), ct);
        var requeued = await db.Set<Job>().Where(j => j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued), ct);
        if (requeued > 0) _log.LogWarning("Queued {Count} job(s) again that a previous run left unfinished.", requeued);
    }

    /// <summary>Takes the oldest queued job; the status check in the UPDATE makes the claim atomic.</summary>
    private async Task<Job?> ClaimNextAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var next = await db.Set<Job>().Where(j => j.Status == JobStatus.Queued && (j.NotBeforeUtc == null || j.NotBeforeUtc <= now))
            .OrderBy(j => j.CreatedAtUtc).Select(j => j.Id).FirstOrDefaultAsync(ct);
        if (next == Guid.Empty) return null;
        var claimed = await db.Set<Job>().Where(j => j.Id == next && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.StartedAtUtc, now)
                .SetProperty(j => j.HeartbeatAtUtc, now).SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
        return claimed == 1 ? await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == next, ct) : null;
    }

    /// <summary>
    /// Asks a running job to stop. A job claimed a moment ago may not have reached its handler yet: the request is kept
    /// and applied as it starts.
    /// </summary>
    public void Cancel(Guid jobId)
    {
        if (_running.TryGetValue(jobId, out var cts)) cts.Cancel();
        else _cancelAtStart[jobId] = true;
    }

    private async Task RunAsync(Job job, CancellationToken stop)
    {
        var progress = new Progress(this, job);
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _running[job.Id] = cancel;
        if (_cancelAtStart.TryRemove(job.Id, out _)) cancel.Cancel();
        try
        {
            if (handler is null) throw new InvalidOperationException($"No handler for jobs of kind '{job.Kind}'.");
            var result = await handler.RunAsync(job, progress, cancel.Token);
            await FinishAsync(job.Id, JobStatus.Succeeded, progress.Last.Message, result, progress.Last.Done, progress.Last.Total);
        }
        catch (RetryLaterException retry)
        {
            _log.LogWarning("Job {Id} ({Kind}) will retry in {Delay}: {Reason}", job.Id, job.Kind, retry.Delay, retry.Message);
            await RequeueAsync(job.Id, retry.Delay, retry.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the job stays Running and is queued again at the next start.
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await FinishAsync(job.Id, JobStatus.Canceled, "Canceled.", null, progress.Last.Done, progress.Last.Total);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Job {Id} ({Kind}) failed.", job.Id, job.Kind);
            await FinishAsync(job.Id, JobStatus.Failed, e.Message, null, progress.Last.Done, progress.Last.Total);
        }
        finally { _running.TryRemove(job.Id, out _); }
    }

    private async Task FinishAsync(Guid id, JobStatus status, string message, string? result, int done, int total)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Job>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status)
            .SetProperty(j => j.Message, Trim(message)).SetProperty(j => j.Result, result).SetProperty(j => j.FinishedAtUtc, now)
            .SetProperty(j => j.Done, done).SetProperty(j => j.Total, total));
        _notifier.Publish(JobView.Of(await db.Set<Job>().AsNoTracking().SingleAsync(j => j.Id == id)));
    }

    private async Task RequeueAsync(Guid id, TimeSpan delay, string reason)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var at = clock.GetUtcNow().UtcDateTime + delay;
        await db.Set<Job>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued)
            .SetProperty(j => j.NotBeforeUtc, at).SetProperty(j => j.Message, Trim($"Waiting to retry: {reason}")));
    }

    private async Task SaveProgressAsync(Guid id, int done, int total, string message)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Job>().Where(j => j.Id == id && j.Status == JobStatus.Running).ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done)
            .SetProperty(j => j.Total, total).SetProperty(j => j.Message, Trim(message)).SetProperty(j => j.HeartbeatAtUtc, now));
    }

    private static string Trim(string message) => message.Length <= Job.MaxMessageLength ? message : message[..(Job.MaxMessageLength - 3)] + "...";

    private sealed class Progress(JobRunner runner, Job job) : IJobProgress
    {
        private readonly Stopwatch _sinceSaved = Stopwatch.StartNew();
        public (int Done, int Total, string Message) Last { get; private set; } = (0, 0, "");

        public void Report(int done, int total, string message)
        {
            Last = (done, total, message);
            runner._notifier.Publish(new JobView(job.Id, job.Kind, job.CaseId, JobStatus.Running, done, total, message, null, job.CreatedAtUtc, null, job.Payload));
            if (_sinceSaved.ElapsedMilliseconds < 250 && done < total) return;
            _sinceSaved.Restart();
            // Progress rows are best effort: losing one to a busy database must not fail the job.
            try { runner.SaveProgressAsync(job.Id, done, total, message).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException) { runner._log.LogWarning(e, "Progress of job {Id} not saved.", job.Id); }
        }
    }
}
