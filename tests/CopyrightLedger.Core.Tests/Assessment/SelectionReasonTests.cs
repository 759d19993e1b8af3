using CopyrightLedger.Core.Assessment;

namespace CopyrightLedger.Core.Tests.Assessment;

/// <summary>A selection's reason, from case.json's rationale or a selection note on the chosen file (docs/ASSESSMENT.md).</summary>
public sealed class SelectionReasonTests
{
    private static readonly string Nineteen = new('x', SelectionMeasure.ReasonedBelow - 1);
    private static readonly string Twenty = new('x', SelectionMeasure.ReasonedBelow);

    private static FactorResult F6(params SelectionFacts[] selections)
    {
        var facts = new WorkFacts("w", [], new GenerationTimes(null, null), [], selections, [],
            new IntegrityFacts(true, 1, false, false, 0, 0, 0), new ProvenanceFacts(0, 1, false, false));
        return Factors.Of(facts).Single(f => f.Id == "F6");
    }

    [Fact]
    public void A_reason_counts_from_twenty_characters_whichever_source_states_it()
    {
        Assert.Equal(1, SelectionMeasure.Of([new SelectionFacts(3, Nineteen)]).Score);
        Assert.Equal(2, SelectionMeasure.Of([new SelectionFacts(3, Twenty)]).Score);
        Assert.Equal(1, SelectionMeasure.Of([new SelectionFacts(3, "", Nineteen)]).Score);
        Assert.Equal(2, SelectionMeasure.Of([new SelectionFacts(3, "", Twenty)]).Score);
    }

    [Fact]
    public void A_reason_from_a_selection_note_is_shown_and_is_not_called_no_reason()
    {
        var f6 = F6(new SelectionFacts(3, "", "The light falls on the face from the left."));
        Assert.Equal(2, f6.Score);
        Assert.Empty(f6.CounterIndicators);
        Assert.Contains(f6.Evidence, e => e.En.Contains("The light falls on the face") && e.En.Contains("selection note"));
    }

    [Fact]
    public void A_stated_reason_too_short_to_explain_is_called_short_not_absent()
    {
        var f6 = F6(new SelectionFacts(3, "best one"));
        Assert.Equal(1, f6.Score);
        Assert.DoesNotContain(f6.CounterIndicators, c => c.En.Contains("no reason"));
        Assert.Contains(f6.CounterIndicators, c => c.En.Contains("too short"));
        Assert.Contains("no reason", F6(new SelectionFacts(3, "")).CounterIndicators.Single().En);
    }
}
