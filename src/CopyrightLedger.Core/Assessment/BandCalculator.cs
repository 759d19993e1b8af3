namespace CopyrightLedger.Core.Assessment;

/// <summary>Where factor scores land under a profile: the weighted share of the maximum, its band, and the gates that capped it.</summary>
public sealed record BandResult(double Share, string Band, IReadOnlyList<Gate> GatesApplied);

public static class BandCalculator
{
    /// <summary>
    /// Share = Σ weight × score ÷ (3 × Σ weight); the band is the first whose threshold the share reaches. A gate
    /// whose factor scores below its bar lowers the band to the gate's cap (never raises it): in the CN-BIC profile
    /// a record not made at the time (F1) cannot land above "weak", however rich it looks.
    /// </summary>
    public static BandResult Of(Profile profile, IReadOnlyDictionary<string, int> scores)
    {
        double total = 0, weights = 0;
        foreach (var (factor, w) in profile.Factors)
        {
            weights += w.Weight;
            total += w.Weight * Math.Clamp(scores.GetValueOrDefault(factor), 0, 3);
        }
        var share = weights == 0 ? 0 : total / (3 * weights);
        var index = profile.Bands.ToList().FindIndex(b => share >= b.AtLeast);
        var applied = new List<Gate>();
        foreach (var gate in profile.Gates.Where(g => scores.GetValueOrDefault(g.Factor) < g.Below))
        {
            var cap = profile.Bands.ToList().FindIndex(b => b.Id == gate.CapBand);
            if (cap > index) { index = cap; }
            applied.Add(gate);
        }
        return new BandResult(Math.Round(share, 4), profile.Bands[index].Id, applied);
    }
}
