namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factor F6 (selection and curation): the candidates kept with their rejects, and a reason for the choice. One
/// output with nothing to choose from is not curation, however good it is.
/// </summary>
/// <remarks>
/// A reason counts from <see cref="ReasonedBelow"/> characters, whether the selection states it or a selection note on
/// the chosen file does (docs/ASSESSMENT.md); a shorter one is shown and called too short, not absent.
/// </remarks>
public sealed record SelectionMeasure(int Selections, int LargestCandidateSet, int WithRationale, int WithShortReason = 0)
{
    public const int ReasonedBelow = 20;

    public static SelectionMeasure Of(IEnumerable<SelectionFacts> selections)
    {
        var list = selections.ToList();
        return new SelectionMeasure(list.Count, list.Select(s => s.Candidates).DefaultIfEmpty(0).Max(),
            list.Count(s => s.Reason.Length >= ReasonedBelow), list.Count(s => s.Reason.Length is > 0 and < ReasonedBelow));
    }

    /// <summary>0 with no selection among several candidates; 1 for a choice without a reason; 2 with a reason; 3 with reasons for several choices or among five or more candidates.</summary>
    public int Score => LargestCandidateSet < 2 ? 0 : WithRationale == 0 ? 1 : WithRationale > 1 || LargestCandidateSet >= 5 ? 3 : 2;
}
