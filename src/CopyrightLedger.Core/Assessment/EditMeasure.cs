namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factor F7 (human edits): how much of the image people changed and how. Kinds that add expression (inpaint,
/// paint-over, composite, retouch) count; crops, colour filters and text or stickers are recorded but weigh little
/// (the Zhangjiagang and cat-pendant decisions). An edit's score is bounded by what it measurably changed: any edit
/// that touches under <see cref="MinorShareBelow"/> of the pixels is minor, whatever its declared kind
/// (docs/ASSESSMENT.md). An edit whose size could not be measured counts only by its kind.
/// </summary>
public sealed record EditMeasure(IReadOnlyList<EditFacts> Expressive, IReadOnlyList<EditFacts> Minor, double LargestShare)
{
    public static readonly string[] MinorKinds = ["crop", "color", "text", "sticker"];

    /// <summary>Below this share of changed pixels an edit is minor, whatever its kind (2 %).</summary>
    public const double MinorShareBelow = 0.02;

    /// <summary>From this share of changed pixels an expressive edit scores 3 (10 %).</summary>
    public const double LargeShareFrom = 0.10;

    public static EditMeasure Of(IEnumerable<EditFacts> edits)
    {
        var list = edits.ToList();
        var minor = list.Where(IsMinor).ToList();
        return new EditMeasure(list.Except(minor).ToList(), minor, list.Select(e => e.ChangedShare ?? 0).DefaultIfEmpty(0).Max());
    }

    private static bool IsMinor(EditFacts e) => MinorKinds.Contains(e.Kind.ToLowerInvariant()) || e.ChangedShare < MinorShareBelow;

    /// <summary>0 with no edits; 1 for minor ones only; 2 for expressive edits of under a tenth of the image; 3 beyond.</summary>
    public int Score => Expressive.Count == 0 ? (Minor.Count == 0 ? 0 : 1)
        : Expressive.Max(e => e.ChangedShare ?? 0) >= LargeShareFrom ? 3 : 2;
}
