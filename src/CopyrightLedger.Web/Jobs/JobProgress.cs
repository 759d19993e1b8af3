namespace CopyrightLedger.Web.Jobs;

/// <summary>A snapshot of a job's progress, as the UI shows it.</summary>
public sealed record JobView(Guid Id, string Kind, Guid? CaseId, JobStatus Status, int Done, int Total, string Message,
    string? Result, DateTime CreatedAtUtc, DateTime? FinishedAtUtc, string Payload = "")
{
    public static JobView Of(Job j) => new(j.Id, j.Kind, j.CaseId, j.Status, j.Done, j.Total, j.Message, j.Result, j.CreatedAtUtc, j.FinishedAtUtc, j.Payload);

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;
}

/// <summary>What a handler reports while it works; the runner stores it (throttled) and tells subscribers.</summary>
public interface IJobProgress
{
    void Report(int done, int total, string message);
}

/// <summary>
/// Thrown by a handler whose work cannot be done now but can later (an unreachable service): the job goes back to
/// the queue, not to Failed, and is not started again before <see cref="Delay"/> has passed.
/// </summary>
public sealed class RetryLaterException(TimeSpan delay, string reason) : Exception(reason)
{
    public TimeSpan Delay { get; } = delay;

    /// <summary><paramref name="firstSeconds"/>, then twice that, and so on with each attempt, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts, int firstSeconds) =>
        TimeSpan.FromSeconds(Math.Min(3600, firstSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>One kind of background work. It must be safe to run again on the same payload after a crash.</summary>
public interface IJobHandler
{
    string Kind { get; }

    /// <returns>A JSON summary of what was done, kept on the job.</returns>
    Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct);
}

/// <summary>
/// Live job updates for open pages: a component subscribes to a case and re-renders on each update; the returned
/// handle unsubscribes. Updates are in-process only; a reloaded page reads the job table instead.
/// </summary>
public sealed class JobNotifier
{
    private readonly Lock _gate = new();
    private readonly List<(Guid? CaseId, Func<JobView, Task> Callback)> _subscribers = [];

    public IDisposable Subscribe(Guid? caseId, Func<JobView, Task> callback)
    {
        var entry = (caseId, callback);
        lock (_gate) _subscribers.Add(entry);
        return new Unsubscriber(() => { lock (_gate) _subscribers.Remove(entry); });
    }

    public void Publish(JobView view)
    {
        List<Func<JobView, Task>> targets;
        lock (_gate) targets = _subscribers.Where(s => s.CaseId is null || s.CaseId == view.CaseId).Select(s => s.Callback).ToList();
        foreach (var t in targets) _ = t(view);
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
