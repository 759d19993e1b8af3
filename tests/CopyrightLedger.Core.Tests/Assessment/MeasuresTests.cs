using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Assessment;

/// <summary>The deterministic measures behind the assessment's factors (issue 5), on hand-made runs and the samples.</summary>
public sealed class MeasuresTests
{
    private static IterationFacts Run(int seq, string prompt, string seed = "1", string negative = "", int steps = 20, double cfg = 7, int? parent = null) =>
        new(seq, prompt, negative, seed, "m", "abc123", "Euler a", steps, cfg, 512, 512, null, "v1.10.1", parent);

    /// <summary>One run per generation of a sample folder: the first file of each batch, as the importer groups them.</summary>
    private static List<IterationFacts> SampleRuns(string sample)
    {
        var runs = new List<IterationFacts>();
        string? lastKey = null;
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.Samples, sample, "images"), "*.png").Order(StringComparer.Ordinal))
        {
            using var s = File.OpenRead(path);
            if (MetadataReader.Read(s, path).Generation is not { } g) continue;
            var key = g.Prompt + g.NegativePrompt + g.Steps + g.CfgScale + g.Size;
            if (key == lastKey && sample == "li-v-liu") continue; // the batch's other candidates
            lastKey = key;
            runs.Add(new IterationFacts(runs.Count + 1, g.Prompt ?? "", g.NegativePrompt ?? "", g.Seed, g.Model, g.ModelHash, g.Sampler, g.Steps,
                g.CfgScale, g.Width, g.Height, g.Denoise, g.GeneratorVersion));
        }
        return runs;
    }

    [Fact]
    public void Prompt_elements_ignore_emphasis_weights_case_and_repeats_and_keep_loras_by_name()
    {
        Assert.Equal(["masterpiece", "film grain", "dusk", "lora:filmgrain"],
            PromptElements.Of("(Masterpiece:1.2), ((film  grain)), [dusk], <lora:filmGrain:0.7>, masterpiece"));
        Assert.Empty(PromptElements.Of("  "));
    }

    [Fact]
    public void A_prompt_diff_names_what_was_added_removed_and_reordered()
    {
        var d = PromptDiff.Between("a girl, dusk, sunset sky", "dusk, a girl, film photography");
        Assert.Equal(["film photography"], d.Added);
        Assert.Equal(["sunset sky"], d.Removed);
        Assert.True(d.Reordered);
        Assert.True(PromptDiff.Between("a cute cat", "(a cute cat:1.1)").Unchanged);
    }

    [Fact]
    public void Six_hundred_rerolls_of_one_prompt_score_nothing_for_directed_iteration()
    {
        var runs = Enumerable.Range(1, 600).Select(i => Run(i, "a cute cat", seed: (i * 7919).ToString())).ToList();
        var m = DirectedIterationMeasure.Of(runs);
        Assert.Equal((600, 599, 0, 0), (m.Runs, m.Rerolls, m.DirectedSteps.Count, m.Score));
    }

    [Fact]
    public void Rerolls_around_a_few_real_changes_count_only_the_changes()
    {
        var runs = new List<IterationFacts>();
        for (var i = 1; i <= 300; i++) runs.Add(Run(i, "a cute cat", seed: i.ToString()));
        runs.Add(Run(301, "a cute cat, watercolor"));
        for (var i = 302; i <= 600; i++) runs.Add(Run(i, "a cute cat, watercolor", seed: i.ToString()));
        var m = DirectedIterationMeasure.Of(runs);
        Assert.Single(m.DirectedSteps);
        Assert.Equal(1, m.Score);
    }

    [Fact]
    public void A_run_is_compared_with_its_named_parent_not_the_run_before()
    {
        var runs = new List<IterationFacts> { Run(1, "a crane, ink"), Run(2, "a heron, oil"), Run(3, "a crane, ink", seed: "9", parent: 1) };
        var m = DirectedIterationMeasure.Of(runs);
        Assert.Equal(1, m.Rerolls); // run 3 re-rolls run 1, its parent
        Assert.Equal(1, m.LinkedRuns);
    }

    [Fact]
    public void The_li_sample_shows_directed_iteration_and_the_reroll_sample_none()
    {
        var li = DirectedIterationMeasure.Of(SampleRuns("li-v-liu"));
        Assert.Equal(4, li.Runs);
        Assert.Equal(3, li.DirectedSteps.Count);
        Assert.Contains("film photography", li.DirectedSteps[1].Prompt.Added);
        Assert.Contains("light from the left", li.DirectedSteps[2].Prompt.Added);
        Assert.Contains("cfg", li.DirectedSteps[2].ChangedSettings);
        Assert.Equal(2, li.Score);

        var cats = DirectedIterationMeasure.Of(SampleRuns("reroll-only"));
        Assert.Equal((6, 5, 0), (cats.Runs, cats.Rerolls, cats.Score));
    }

    [Fact]
    public void Reproducibility_names_the_missing_fields()
    {
        Assert.Equal(1.0, ReproducibilityMeasure.Of(SampleRuns("li-v-liu")).Completeness);
        var gaps = ReproducibilityMeasure.Of([Run(1, "p"), Run(2, "p") with { Seed = null, ModelHash = null }]);
        Assert.Equal(1, gaps.RunsMissing["seed"]);
        Assert.Equal(1, gaps.RunsMissing["model hash"]);
        Assert.Equal(1 - 2.0 / 14, gaps.Completeness, 6);
        Assert.Equal(0, ReproducibilityMeasure.Of([]).Completeness);
    }
}
