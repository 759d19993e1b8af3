namespace CopyrightLedger.Core.Assessment;

/// <summary>An assessment of one work under one profile: factor results, the band and the gates that capped it.</summary>
public sealed record AssessmentResult(string Profile, string Work, IReadOnlyList<FactorResult> Factors, BandResult Band, Wording Summary, Wording Disclaimer);

public static class Assessor
{
    public static AssessmentResult Assess(WorkFacts work, Profile profile)
    {
        var factors = Factors.Of(work);
        var band = BandCalculator.Of(profile, factors.ToDictionary(f => f.Id, f => f.Score));
        return new AssessmentResult(profile.Id, work.Title, factors, band, profile.Wording[band.Band], profile.Disclaimer);
    }
}
