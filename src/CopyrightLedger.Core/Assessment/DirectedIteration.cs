namespace CopyrightLedger.Core.Assessment;

/// <summary>One step from a run to the next: what the person changed, if anything besides the seed.</summary>
public sealed record IterationStep(int From, int To, PromptDiff Prompt, PromptDiff NegativePrompt, IReadOnlyList<string> ChangedSettings)
{
    /// <summary>The same prompt and settings with another seed: chance, not direction.</summary>
    public bool IsReroll => Prompt.Unchanged && NegativePrompt.Unchanged && ChangedSettings.Count == 0;

    public int ElementsChanged => Prompt.Added.Count + Prompt.Removed.Count + NegativePrompt.Added.Count + NegativePrompt.Removed.Count;
}

/// <summary>What factor F5 (directed iteration) weighs: the changes a person made between runs, never their number alone.</summary>
public sealed record DirectedIterationMeasure(int Runs, int Rerolls, IReadOnlyList<IterationStep> DirectedSteps, int LinkedRuns)
{
    /// <summary>
    /// 0 when no run differs from the one before but by its seed, however many runs there are (re-rolling is not
    /// direction: docs/DOMAIN.md, Zhangjiagang); 1 for one directed change; 2 for two or three; 3 for four or more that
    /// together change at least six prompt elements, or that build on earlier outputs (img2img, inpaint).
    /// </summary>
    public int Score => DirectedSteps.Count switch
    {
        0 => 0,
        1 => 1,
        < 4 => 2,
        _ => DirectedSteps.Sum(s => s.ElementsChanged) >= 6 || LinkedRuns > 0 ? 3 : 2,
    };

    /// <summary>Each run is compared with its parent when the record names one, else with the run before it.</summary>
    public static DirectedIterationMeasure Of(IReadOnlyList<IterationFacts> runs)
    {
        var ordered = runs.OrderBy(r => r.Sequence).ToList();
        var bySequence = ordered.ToDictionary(r => r.Sequence);
        var steps = new List<IterationStep>();
        for (var i = 1; i < ordered.Count; i++)
        {
            var run = ordered[i];
            var before = run.ParentSequence is { } p && bySequence.TryGetValue(p, out var parent) ? parent : ordered[i - 1];
            var changed = IterationFacts.ChangedSettings(before.Settings, run.Settings);
            steps.Add(new IterationStep(before.Sequence, run.Sequence, PromptDiff.Between(before.Prompt, run.Prompt),
                PromptDiff.Between(before.NegativePrompt, run.NegativePrompt), changed));
        }
        return new DirectedIterationMeasure(ordered.Count, steps.Count(s => s.IsReroll), steps.Where(s => !s.IsReroll).ToList(),
            ordered.Count(r => r.ParentSequence is not null));
    }
}
