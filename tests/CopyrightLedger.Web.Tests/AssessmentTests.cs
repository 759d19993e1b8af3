using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Features.Assessment;
using CopyrightLedger.Web.Samples;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// The assessment of the seeded samples, end to end from the records: the calibration on the decided cases. The samples
/// are imported long after the times they state (as a lawyer would import a client's files), which the record shows.
/// </summary>
public sealed class AssessmentTests : IAsyncLifetime
{
    private readonly LedgerFactory _app = new(seedSamples: true);
    private IReadOnlyList<Profile> _profiles = [];

    public Task InitializeAsync()
    {
        _ = _app.Server;
        _profiles = Profile.LoadFolder(Path.Combine(Repo.Root, "profiles"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(WorkFacts Facts, AssessmentResult Result)> AssessAsync(string sample, string profile)
    {
        await using var db = _app.Db();
        var workId = await db.Works.Where(w => w.CaseId == SampleSeeder.SampleCaseId(sample)).Select(w => w.Id).SingleAsync();
        var facts = await _app.Service<WorkFactsBuilder>().BuildAsync(workId);
        return (facts, Assessor.Assess(facts, _profiles.Single(p => p.Id == profile)));
    }

    [Fact]
    public async Task The_li_sample_ranks_above_the_reroll_sample_and_each_factor_says_why()
    {
        var (liFacts, li) = await AssessAsync("li-v-liu", "cn-bic");
        var (_, cats) = await AssessAsync("reroll-only", "cn-bic");
        Assert.True(li.Band.Share > cats.Band.Share + 0.3, $"{li.Band.Share} vs {cats.Band.Share}");
        Assert.Equal(Profile.FactorIds, li.Factors.Select(f => f.Id));
        Assert.All(li.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.Explanation.Zh)));

        Assert.Equal(0, cats.Factors.Single(f => f.Id == "F5").Score);
        Assert.Contains(cats.Factors.Single(f => f.Id == "F5").CounterIndicators, c => c.En.Contains("5 re-roll(s)"));
        Assert.True(li.Factors.Single(f => f.Id == "F5").Score >= 2);
        Assert.Equal(3, liFacts.Selections.Max(s => s.Candidates)); // 04-b chosen among its batch of three
        Assert.Equal(2, li.Factors.Single(f => f.Id == "F6").Score);
        // The signature is a text edit on the final: recorded for disclosure (F12), weighing little as an edit (F7).
        Assert.Equal(1, li.Factors.Single(f => f.Id == "F7").Score);
        Assert.Contains("signature or watermark added before publication", li.Factors.Single(f => f.Id == "F12").Evidence.Select(e => e.En));
        // The sample's brief was captured when the sample was seeded, long after the time it states: it counts little.
        Assert.Contains(li.Factors.Single(f => f.Id == "F2").CounterIndicators, c => c.En.Contains("captured long after"));
    }

    [Fact]
    public async Task The_us_profile_drafts_registration_wording_instead_of_relying_on_the_prompt()
    {
        var (facts, result) = await AssessAsync("li-v-liu", "us-usco");
        var json = AssessCommand.ToJson(result, facts, _profiles.Single(p => p.Id == "us-usco"));
        Assert.Null(json["band"]);
        Assert.Contains("No human-authored material in the image itself", json["usco"]!["authorCreated"]!["en"]!.GetValue<string>());
        Assert.Contains("chilloutmix_NiPrunedFp32Fix", json["usco"]!["materialExcluded"]!["en"]!.GetValue<string>());
        var f3 = json["factors"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == "F3")!;
        Assert.Equal(0, f3["weight"]!.GetValue<double>());
        var line = f3["evidence"]!.AsArray()[0]!;
        Assert.Equal("final prompt of 17 element(s)", line["en"]!.GetValue<string>());
        Assert.Equal("最终提示词含 17 个要素", line["zh"]!.GetValue<string>());
        Assert.Equal("runs", line["section"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("li-v-liu", "moderate", "F3")]
    [InlineData("changshu-half-heart", "strong", "F7")]
    [InlineData("wuhan-scroll", "strong", "F6")]
    [InlineData("zhangjiagang-butterfly-chair", "insufficient", "F9")]
    [InlineData("cat-pendant", "weak", "F1")]
    public async Task Each_decided_case_lands_in_its_band_for_the_reason_the_court_gave(string sample, string band, string decisive)
    {
        var (_, result) = await AssessAsync(sample, "cn-bic");
        Assert.True(band == result.Band.Band, $"{sample}: {result.Band.Band} ({result.Band.Share:P0}), {string.Join(" ", result.Factors.Select(f => f.Id + "=" + f.Score))}");
        Assert.Contains(decisive, result.Decisive);
    }

    [Fact]
    public async Task The_recognized_cases_rank_above_the_rejected_ones()
    {
        var recognized = new List<double>();
        foreach (var s in new[] { "li-v-liu", "changshu-half-heart", "wuhan-scroll" }) recognized.Add((await AssessAsync(s, "cn-bic")).Result.Band.Share);
        var rejected = new List<AssessmentResult>();
        foreach (var s in new[] { "zhangjiagang-butterfly-chair", "cat-pendant" }) rejected.Add((await AssessAsync(s, "cn-bic")).Result);
        Assert.True(recognized.Min() > rejected.Max(r => r.Band.Share), $"{string.Join(", ", recognized)} vs {string.Join(", ", rejected.Select(r => r.Band.Share))}");
        // Whatever their prompts, the rejected records are capped by a gate: F1 (no record of the time) or F9 (nothing to demonstrate).
        Assert.All(rejected, r => Assert.NotEmpty(r.Band.GatesApplied));
    }

    [Fact]
    public async Task The_cases_show_the_evidence_each_decision_turned_on()
    {
        var (_, cat) = await AssessAsync("cat-pendant", "cn-bic");
        Assert.Contains(Factor(cat, "F1").CounterIndicators, c => c.En.Contains("a re-creation, not the record of how it was made"));
        Assert.Contains(Factor(cat, "F9").CounterIndicators, c => c.En.Contains("after the work was first published (2023-05-21)"));

        var (changshuFacts, changshu) = await AssessAsync("changshu-half-heart", "cn-bic");
        Assert.Equal(5, changshuFacts.Runs.Count); // five Midjourney grids, each one run
        Assert.Contains(Factor(changshu, "F9").Evidence, e => e.En.Contains("history by its job id"));
        Assert.Contains(Factor(changshu, "F4").Evidence, e => e.En.Contains("--stylize 400"));
        Assert.Contains(Factor(changshu, "F4").Evidence, e => e.En.Contains("changed --chaos between runs"));
        Assert.True(changshuFacts.Edits.Max(e => e.ChangedShare) > 0.10, "the repainted half of the heart is measured on the pixels");

        var (_, wuhan) = await AssessAsync("wuhan-scroll", "cn-bic");
        Assert.Contains(Factor(wuhan, "F3").Evidence, e => e.En.Contains("tied to what they should show in the creator's notes"));
        Assert.Contains(Factor(wuhan, "F6").Evidence, e => e.En.StartsWith("chose 1 of 30"));

        var (_, chair) = await AssessAsync("zhangjiagang-butterfly-chair", "cn-bic");
        Assert.Contains(Factor(chair, "F7").CounterIndicators, c => c.En.StartsWith("Sticker: a minor edit"));
        Assert.Contains(Factor(chair, "F9").CounterIndicators, c => c.En.StartsWith("no generation run is recorded"));
    }

    [Fact]
    public async Task The_us_profile_claims_text_and_arrangement_for_zarya_and_the_placed_regions_for_the_cheese()
    {
        var usco = _profiles.Single(p => p.Id == "us-usco");
        var (zaryaFacts, zarya) = await AssessAsync("zarya-of-the-dawn", "us-usco");
        var (created, excluded) = UscoDraft.Of(zaryaFacts, usco);
        Assert.Contains("text written by the author (1 file(s))", created.En);
        Assert.Contains("the selection and arrangement of the composed elements (2 composition(s))", created.En);
        Assert.DoesNotContain("by hand", created.En); // composing generated panels is arrangement, not drawing
        Assert.Contains("midjourney", excluded.En);
        Assert.Contains("F8", zarya.Factors.Where(f => f.Score >= 2).Select(f => f.Id));

        var (cheeseFacts, cheese) = await AssessAsync("american-cheese", "us-usco");
        (created, excluded) = UscoDraft.Of(cheeseFacts, usco);
        Assert.Contains("regions the author chose and placed in 12 inpainting pass(es)", created.En);
        Assert.Contains("Invoke inpainting", excluded.En);
        Assert.Contains("Juggernaut XL v9", excluded.En);
        Assert.Equal(["F7"], cheese.Decisive);
    }

    private static FactorResult Factor(AssessmentResult r, string id) => r.Factors.Single(f => f.Id == id);
}
