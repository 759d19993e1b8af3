namespace CopyrightLedger.Core.Evidence;

/// <summary>A change a person made by hand or with an editor, from one artifact to another.</summary>
public sealed class HumanEdit
{
    private HumanEdit() { Tool = ""; Description = ""; }

    public HumanEdit(Guid id, Guid workId, Guid fromArtifactId, Guid toArtifactId, string tool, EditKind kind,
        string description, DateTime capturedAtUtc)
    {
        if (fromArtifactId == toArtifactId) throw new DomainException("An edit goes from one file to a different one.");
        Id = id;
        WorkId = workId;
        FromArtifactId = fromArtifactId;
        ToArtifactId = toArtifactId;
        Tool = tool?.Trim() ?? "";
        Kind = kind;
        Description = description?.Trim() ?? "";
        CapturedAtUtc = UtcTime.Require(capturedAtUtc);
    }

    public Guid Id { get; private set; }
    public Guid WorkId { get; private set; }
    public Guid FromArtifactId { get; private set; }
    public Guid ToArtifactId { get; private set; }
    public string Tool { get; private set; }
    public EditKind Kind { get; private set; }
    public string Description { get; private set; }
    /// <summary>Time the person says the edit took, in minutes; never scored as effort on its own.</summary>
    public int? MinutesSpent { get; private set; }
    public DateTime? PerformedAtUtc { get; private set; }
    public int? PerformedOffsetMinutes { get; private set; }
    public DateTime CapturedAtUtc { get; private set; }

    public SourceTime? PerformedAt => PerformedAtUtc is { } utc ? new SourceTime(utc, PerformedOffsetMinutes) : null;

    public void Record(int? minutesSpent, SourceTime? performedAt)
    {
        if (minutesSpent is < 0) throw new DomainException("Time spent cannot be negative.");
        MinutesSpent = minutesSpent;
        PerformedAtUtc = performedAt?.Utc;
        PerformedOffsetMinutes = performedAt?.OffsetMinutes;
    }
}

/// <summary>What a person did; <see cref="Other"/> when a file records that an edit happened but not what it was.</summary>
public enum EditKind { Inpaint, PaintOver, Composite, Crop, Color, Retouch, Text, Sticker, Other }
