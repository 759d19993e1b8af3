using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Import;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Assessment;

/// <summary>The measures the decided cases turn on: re-creation after publication, a platform's history, prompts explained element by element.</summary>
public sealed class CalibrationMeasuresTests
{
    private static readonly DateTime Published = new(2023, 5, 21, 1, 0, 0, DateTimeKind.Utc);

    private static IterationFacts Run(int sequence, DateTime? claimed, string? job = null) =>
        new(sequence, "cat, crystal pendant", "", "1", "m", "h", "Euler a", 20, 7, 512, 512, null, "v1", null, claimed, job, job is null ? "a1111" : "midjourney");

    private static NoteFacts Publication => new("publication", Published, Published.AddDays(600), 40);

    [Fact]
    public void Generation_records_all_made_after_publication_are_a_re_creation_and_one_made_before_is_not()
    {
        Assert.True(RecordTiming.Of([Run(1, Published.AddDays(400)), Run(2, Published.AddDays(401))], [Publication]).Resimulated);
        var mixed = RecordTiming.Of([Run(1, Published.AddDays(-3)), Run(2, Published.AddDays(401))], [Publication]);
        Assert.False(mixed.Resimulated);
        Assert.Equal(1, mixed.RunsAfterPublication);
        Assert.False(RecordTiming.Of([Run(1, Published.AddDays(400))], []).Resimulated); // no publication on record: nothing to compare with
        Assert.False(RecordTiming.Of([], [Publication]).Resimulated);
    }

    [Fact]
    public void Only_runs_that_all_carry_a_job_id_count_as_held_in_the_platforms_history()
    {
        var all = RecordTiming.Of([Run(1, null, "a7421d2f"), Run(2, null, "b1c2")], []);
        Assert.True(all.PlatformHistory);
        Assert.Equal("midjourney", all.Platform);
        Assert.False(RecordTiming.Of([Run(1, null, "a7421d2f"), Run(2, null)], []).PlatformHistory);
    }

    [Fact]
    public void Prompt_elements_count_as_explained_only_when_the_notes_name_them_whole()
    {
        var elements = PromptElements.Of("misty mountains, pavilion on the cliff, red seal stamp, cat, <lora:inkStyle:0.6>");
        var explained = PromptElements.ExplainedIn(elements, ["| pavilion on the cliff | the pavilion at the centre |", "Misty   Mountains fill the middle band. A cat? lora:inkstyle"]);
        Assert.Equal(["misty mountains", "pavilion on the cliff"], explained); // "cat" is too short to match by design, a LoRA is no element of intent
    }

    [Fact]
    public void A_midjourney_grid_is_one_run_because_its_images_share_the_job_id()
    {
        var dir = Path.Combine(RepoPaths.Samples, "changshu-half-heart", "images");
        var files = Directory.EnumerateFiles(dir, "0?-*.png").Where(p => Path.GetFileName(p)[1] is '1' or '2').Order(StringComparer.Ordinal)
            .Select(p => { using var s = File.OpenRead(p); return new ImportFile(Path.GetFileName(p), MetadataReader.Read(s, Path.GetFileName(p))); }).ToList();
        Assert.Equal(8, files.Count);
        Assert.All(files, f => Assert.Equal("midjourney", f.Metadata.Generation?.Generator));
        Assert.All(files, f => Assert.Equal("text, watermark", f.Metadata.Generation?.NegativePrompt)); // --no is the negative prompt
        var plan = ImportPlanner.Plan(files);
        Assert.Equal([4, 4], plan.Iterations.Select(i => i.Outputs.Count));
    }

    [Fact]
    public void The_decisive_factors_are_the_gates_that_capped_the_band_or_else_the_strongest_weighed_ones()
    {
        var profile = Profile.LoadFolder(RepoPaths.Profiles).Single(p => p.Id == "cn-bic");
        var facts = new WorkFacts("w", [Run(1, Published.AddDays(400))], new GenerationTimes(Published.AddDays(400), null), [Publication], [], [],
            new IntegrityFacts(true, 10, false, false, 2, 2, 1), new ProvenanceFacts(0, 1, false, false));
        var result = Assessor.Assess(facts, profile);
        Assert.Equal(["F1"], result.Decisive);
        Assert.Contains(result.Factors.Single(f => f.Id == "F1").CounterIndicators, c => c.En.Contains("re-creation"));
        Assert.Contains(result.Factors.Single(f => f.Id == "F3").CounterIndicators, c => c.En.Contains("made after the work was published"));
    }

    [Fact]
    public void LoRAs_and_hosted_style_references_are_listed_as_outside_material()
    {
        var lora = Run(1, null) with { Prompt = "cat, <lora:ultraman_v2:0.8>, crystal, <LORA:inkStyle>" };
        var sref = Run(2, null, "job") with { Options = new Dictionary<string, string> { ["sref"] = "https://example.com/style.png", ["stylize"] = "250" } };
        Assert.Equal(["LoRA ultraman_v2", "LoRA inkStyle", "style reference https://example.com/style.png"], OutsideMaterial.Of([lora, sref]));
        Assert.Empty(OutsideMaterial.Of([Run(3, null)]));
    }

    [Theory]
    [InlineData(null, 2)] // nothing to compare with: stops at 2
    [InlineData(30, 3)]   // compared, nothing close
    [InlineData(4, 0)]    // the final looks like a recorded reference
    public void Distinctness_rises_only_with_a_comparison_and_falls_on_a_close_reference(int? closest, int score)
    {
        var run = Run(1, null) with { Prompt = "girl, dusk, film grain, low horizon, light from the left" };
        var facts = new WorkFacts("w", [run], new GenerationTimes(null, null), [], [], [], new IntegrityFacts(true, 1, false, false, 1, 0, 1),
            new ProvenanceFacts(0, 1, false, false), closest is { } c ? new SimilarityFacts(2, c) : null);
        var f10 = Factors.Of(facts).Single(f => f.Id == "F10");
        Assert.Equal(score, f10.Score);
        if (closest is <= SimilarityFacts.CloseBelow) Assert.Contains(f10.CounterIndicators, l => l.En.Contains("visually close"));
    }

    [Fact]
    public void Every_evidence_line_reads_in_both_languages_and_points_into_the_record()
    {
        var facts = new WorkFacts("w", [Run(1, Published.AddDays(400)), Run(2, Published.AddDays(401)) with { Prompt = "cat" }],
            new GenerationTimes(Published.AddDays(400), null), [Publication, new NoteFacts("brief", Published.AddDays(500), Published.AddDays(600), 30)],
            [new SelectionFacts(4, "")], [new EditFacts("Sticker", "Meitu", 0.01, 1, 2)], new IntegrityFacts(true, 10, false, false, 2, 2, 0),
            new ProvenanceFacts(0, 2, false, false));
        var lines = Factors.Of(facts).SelectMany(f => f.Evidence.Concat(f.CounterIndicators)).ToList();
        Assert.True(lines.Count > 15, $"{lines.Count} lines");
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Text.Zh), l.En));
        Assert.All(lines, l => Assert.NotEqual(l.Text.En, l.Text.Zh));
        Assert.All(lines, l => Assert.Contains(l.Section, new[] { "runs", "selection", "edits", "notes", "files", "integrity" }));
    }
}
