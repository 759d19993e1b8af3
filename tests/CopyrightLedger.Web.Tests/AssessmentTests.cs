using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Features.Assessment;
using CopyrightLedger.Web.Samples;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>The assessment of the seeded samples, end to end from the records (issue 5, first slice).</summary>
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
        Assert.Contains(cats.Factors.Single(f => f.Id == "F5").CounterIndicators, c => c.Contains("5 re-roll(s)"));
        Assert.True(li.Factors.Single(f => f.Id == "F5").Score >= 2);
        Assert.Equal(3, liFacts.Selections.Max(s => s.Candidates)); // 04-b chosen among its batch of three
        Assert.Equal(2, li.Factors.Single(f => f.Id == "F6").Score);
        // The signature is a text edit on the final: recorded for disclosure (F12), weighing little as an edit (F7).
        Assert.Equal(1, li.Factors.Single(f => f.Id == "F7").Score);
        Assert.Contains("signature or watermark added before publication", li.Factors.Single(f => f.Id == "F12").Evidence);
        // The sample's brief was captured when the sample was seeded, long after the time it states: it counts little.
        Assert.Contains(li.Factors.Single(f => f.Id == "F2").CounterIndicators, c => c.Contains("captured long after"));
    }

    [Fact]
    public async Task The_us_profile_drafts_registration_wording_instead_of_relying_on_the_prompt()
    {
        var (facts, result) = await AssessAsync("li-v-liu", "us-usco");
        var json = AssessCommand.ToJson(result, facts, _profiles.Single(p => p.Id == "us-usco"));
        Assert.Null(json["band"]);
        Assert.Contains("No human-authored material in the image itself", json["usco"]!["authorCreated"]!["en"]!.GetValue<string>());
        Assert.Contains("chilloutmix_NiPrunedFp32Fix", json["usco"]!["materialExcluded"]!["en"]!.GetValue<string>());
        Assert.Equal(0, json["factors"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == "F3")!["weight"]!.GetValue<double>());
    }
}

