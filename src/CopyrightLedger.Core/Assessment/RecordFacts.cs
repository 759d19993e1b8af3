namespace CopyrightLedger.Core.Assessment;

/// <summary>A note as the assessment sees it: its kind, when it says it was written, when it was captured, its text.</summary>
public sealed record NoteFacts(string Kind, DateTime WrittenAtUtc, DateTime CapturedAtUtc, int Length, string Text = "");

/// <summary>A selection: how many candidates were in the running, and the reason given, if any.</summary>
public sealed record SelectionFacts(int Candidates, string Rationale);

/// <summary>
/// A human edit: its kind, and how much of the image it changed where both images could be compared
/// (<see cref="Imaging.ImageDiff"/>): the share of pixels changed and the number of changed regions; and the files
/// that could not be read to compare them.
/// </summary>
public sealed record EditFacts(string Kind, string Tool, double? ChangedShare, int? Regions, int? MinutesSpent,
    IReadOnlyList<UnreadableFile>? Unreadable = null);

/// <summary>A file of the record whose pixels could not be read: missing from the file store, or not decodable.</summary>
public sealed record UnreadableFile(string Name, bool Missing);

/// <summary>When the first generation of the work happened, by the best time the record has for it.</summary>
public sealed record GenerationTimes(DateTime? FirstClaimedUtc, DateTime? FirstCapturedUtc)
{
    public DateTime? First => FirstClaimedUtc ?? FirstCapturedUtc;
}
