using CopyrightLedger.Core.Assessment;

namespace CopyrightLedger.Core.Tests.Assessment;

public sealed class ProfileTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "profiles");

    private static Profile CnBic => Profile.LoadFolder(Folder).Single(p => p.Id == "cn-bic");

    private static Dictionary<string, int> All(int score) => Profile.FactorIds.ToDictionary(f => f, _ => score);

    [Fact]
    public void The_committed_profiles_load_and_say_everything_in_both_languages()
    {
        var profiles = Profile.LoadFolder(Folder);
        Assert.Equal(["cn-bic", "us-usco"], profiles.Select(p => p.Id));
        Assert.All(profiles, p => Assert.Contains("legal", p.Disclaimer.En));
        Assert.Equal("segmentation", profiles[1].Kind);
        Assert.NotNull(profiles[1].Usco);
    }

    [Fact]
    public void A_broken_profile_names_each_of_its_problems()
    {
        var broken = File.ReadAllText(Path.Combine(Folder, "cn-bic.json"))
            .Replace("\"F12\": { \"weight\": 1, \"role\": \"supporting\" }", "\"F13\": { \"weight\": -1, \"role\": \"decorative\" }")
            .Replace("\"capBand\": \"weak\"", "\"capBand\": \"feeble\"");
        var e = Assert.Throws<DomainException>(() => Profile.Parse(broken, "broken.json"));
        Assert.Contains("factor F12 has no weight", e.Message);
        Assert.Contains("unknown factor F13", e.Message);
        Assert.Contains("F13: weight must be 0 or more", e.Message);
        Assert.Contains("role 'decorative'", e.Message);
        Assert.Contains("unknown band 'feeble'", e.Message);
        Assert.Contains("colour", Assert.Throws<DomainException>(() => Profile.Parse("{\"id\":\"x\",\"colour\":1}", "x.json")).Message); // unknown keys are refused, not ignored
    }

    [Fact]
    public void Bands_follow_the_weighted_share_and_gates_cap_them()
    {
        Assert.Equal("strong", BandCalculator.Of(CnBic, All(3)).Band);
        Assert.Equal("insufficient", BandCalculator.Of(CnBic, All(0)).Band);
        Assert.Equal("moderate", BandCalculator.Of(CnBic, All(2)).Band);

        // Everything documented, but the record was not made at the time (F1 = 1): capped at weak, and it says why.
        var reconstructed = All(3);
        reconstructed["F1"] = 1;
        var result = BandCalculator.Of(CnBic, reconstructed);
        Assert.Equal("weak", result.Band);
        Assert.True(result.Share > 0.8);
        Assert.Equal("F1", Assert.Single(result.GatesApplied).Factor);
    }

    [Fact]
    public void A_gate_never_raises_a_band()
    {
        var poor = All(0);
        poor["F1"] = 0;
        Assert.Equal("insufficient", BandCalculator.Of(CnBic, poor).Band);
    }
}
