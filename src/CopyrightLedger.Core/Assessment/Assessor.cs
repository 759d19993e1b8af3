namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// An assessment of one work under one profile: factor results, the band and the gates that capped it, and the
/// decisive factors: the gates that capped the band, or else the strongest of the factors the profile weighs the
/// work on (its <c>core</c> or <c>claimable</c> ones).
/// </summary>
public sealed record AssessmentResult(string Profile, string Work, IReadOnlyList<FactorResult> Factors, BandResult Band, Wording Summary, Wording Disclaimer,
    IReadOnlyList<string> Decisive);

public static class Assessor
{
    public static AssessmentResult Assess(WorkFacts work, Profile profile)
    {
        var factors = Factors.Of(work);
        var band = BandCalculator.Of(profile, factors.ToDictionary(f => f.Id, f => f.Score));
        return new AssessmentResult(profile.Id, work.Title, factors, band, profile.Wording[band.Band], profile.Disclaimer, Decisive(factors, band, profile));
    }

    private static IReadOnlyList<string> Decisive(IReadOnlyList<FactorResult> factors, BandResult band, Profile profile)
    {
        if (band.GatesApplied.Count > 0) return band.GatesApplied.Select(g => g.Factor).Distinct().ToList();
        var weighed = factors.Where(f => profile.Factors[f.Id] is { Weight: > 0, Role: "core" or "claimable" }).ToList();
        var top = weighed.Select(f => f.Score).DefaultIfEmpty(0).Max();
        return top < 2 ? [] : weighed.Where(f => f.Score == top).Select(f => f.Id).ToList();
    }
}
