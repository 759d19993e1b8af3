namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factor F2 (prior conception): a brief written before the first generation, by the time the note states, and
/// captured by the ledger not long after it says it was written (a brief typed in after the dispute and back-dated
/// proves nothing). Its length is reported, not rewarded: a generic one-line goal is still a counter-indicator.
/// </summary>
public sealed record ConceptionMeasure(IReadOnlyList<NoteFacts> BriefsBefore, IReadOnlyList<NoteFacts> BriefsAfter, IReadOnlyList<NoteFacts> CapturedLate)
{
    public const int GenericBelow = 80;

    public static ConceptionMeasure Of(IEnumerable<NoteFacts> notes, GenerationTimes generation)
    {
        var briefs = notes.Where(n => n.Kind.Equals("brief", StringComparison.OrdinalIgnoreCase)).ToList();
        var first = generation.First;
        var before = briefs.Where(n => first is { } f && n.WrittenAtUtc < f).ToList();
        return new ConceptionMeasure(before, briefs.Except(before).ToList(), briefs.Where(n => LateCapture.Is(n.WrittenAtUtc, n.CapturedAtUtc)).ToList());
    }

    /// <summary>0 without a brief before the first generation; 1 when it was captured late or is generic; 2 otherwise; 3 when it is also substantial (several lines of intent).</summary>
    public int Score
    {
        get
        {
            var timely = BriefsBefore.Where(n => !CapturedLate.Contains(n)).ToList();
            if (BriefsBefore.Count == 0) return 0;
            if (timely.Count == 0 || timely.All(n => n.Length < GenericBelow)) return 1;
            return timely.Any(n => n.Length >= 4 * GenericBelow) ? 3 : 2;
        }
    }
}
