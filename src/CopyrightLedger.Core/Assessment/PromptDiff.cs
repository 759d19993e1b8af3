namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// What changed from one prompt to the next, element by element (<see cref="PromptElements"/>): elements added,
/// removed, kept, and whether the kept ones were reordered (order matters to the model: earlier elements weigh
/// more). A re-roll is a diff with nothing added, removed or reordered.
/// </summary>
public sealed record PromptDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept, bool Reordered)
{
    public bool Unchanged => Added.Count == 0 && Removed.Count == 0 && !Reordered;

    public static PromptDiff Between(string? before, string? after)
    {
        var a = PromptElements.Of(before);
        var b = PromptElements.Of(after);
        var kept = b.Where(a.Contains).ToList();
        var keptInOldOrder = a.Where(kept.Contains).ToList();
        return new PromptDiff(b.Where(e => !a.Contains(e)).ToList(), a.Where(e => !b.Contains(e)).ToList(), kept, !kept.SequenceEqual(keptInOldOrder));
    }
}
