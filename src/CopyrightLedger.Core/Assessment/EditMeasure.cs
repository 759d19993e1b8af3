namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factor F7 (human edits): how much of the image people changed and how. Kinds that add expression (inpaint,
/// paint-over, composite, retouch) count; crops, colour filters and text or stickers are recorded but weigh little
/// (the Zhangjiagang and cat-pendant decisions); an edit whose size could not be measured counts only by its kind.
/// </summary>
public sealed record EditMeasure(IReadOnlyList<EditFacts> Expressive, IReadOnlyList<EditFacts> Minor, double LargestShare)
{
    public static readonly string[] MinorKinds = ["crop", "color", "text", "sticker"];

    public static EditMeasure Of(IEnumerable<EditFacts> edits)
    {
        var list = edits.ToList();
        var minor = list.Where(e => MinorKinds.Contains(e.Kind.ToLowerInvariant())).ToList();
        return new EditMeasure(list.Except(minor).ToList(), minor, list.Select(e => e.ChangedShare ?? 0).DefaultIfEmpty(0).Max());
    }

    /// <summary>0 with no edits; 1 for minor ones only; 2 for expressive edits of under a tenth of the image; 3 beyond.</summary>
    public int Score => Expressive.Count == 0 ? (Minor.Count == 0 ? 0 : 1)
        : Expressive.Max(e => e.ChangedShare ?? 0) >= 0.10 ? 3 : 2;
}
