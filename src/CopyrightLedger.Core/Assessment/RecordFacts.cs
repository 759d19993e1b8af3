namespace CopyrightLedger.Core.Assessment;

/// <summary>A note as the assessment sees it: its kind, when it says it was written, when it was captured, its text.</summary>
public sealed record NoteFacts(string Kind, DateTime WrittenAtUtc, DateTime CapturedAtUtc, int Length, string Text = "");

/// <summary>
/// A selection: how many candidates were in the running, and the reason given, if any: the selection's own
/// rationale (case.json, the form) and the text of any <c>selection</c> note linked to the chosen file.
/// </summary>
public sealed record SelectionFacts(int Candidates, string Rationale, string NoteReason = "")
{
    /// <summary>The reason stated for the choice, from the rationale or else from a selection note; empty when none.</summary>
    public string Reason => Rationale.Trim().Length > 0 ? Rationale.Trim() : NoteReason.Trim();
}

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
