using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CopyrightLedger.Web.Jobs;

public enum JobStatus { Queued, Running, Succeeded, Failed, Canceled }

/// <summary>
/// One piece of background work (a bulk import, later a bundle export or a dossier) as a row in SQLite, so it
/// survives a page reload and a restart: a job that was running when the process died is queued again at start
/// (its handler must be safe to re-run; see docs/decisions/0004).
/// </summary>
public sealed class Job
{
    /// <summary>The longest progress or failure message a job keeps; a longer one is cut, ending in "...".</summary>
    public const int MaxMessageLength = 2000;

    private Job() { Kind = ""; RequestedBy = ""; Payload = ""; Message = ""; }

    public Job(Guid id, string kind, Guid? caseId, string requestedBy, string payload, DateTime createdAtUtc)
    {
        Id = id;
        Kind = kind;
        CaseId = caseId;
        RequestedBy = requestedBy;
        Payload = payload;
        Message = "";
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public string Kind { get; private set; }
    public Guid? CaseId { get; private set; }
    public string RequestedBy { get; private set; }
    /// <summary>The handler's own input, as JSON.</summary>
    public string Payload { get; private set; }
    public JobStatus Status { get; private set; }
    public int Done { get; private set; }
    public int Total { get; private set; }
    public string Message { get; private set; }
    /// <summary>The handler's own summary of what it did, as JSON, once it succeeded.</summary>
    public string? Result { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? StartedAtUtc { get; private set; }
    public DateTime? FinishedAtUtc { get; private set; }
    public DateTime? HeartbeatAtUtc { get; private set; }
    /// <summary>A job waiting to retry (its service was unreachable) is not started before this time.</summary>
    public DateTime? NotBeforeUtc { get; private set; }

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Kind).HasMaxLength(64);
        b.Property(j => j.RequestedBy).HasMaxLength(450);
        b.Property(j => j.Message).HasMaxLength(Job.MaxMessageLength);
        b.HasIndex(j => new { j.Status, j.CreatedAtUtc });
        b.HasIndex(j => j.CaseId);
    }
}
