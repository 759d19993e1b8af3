namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Part of factor F9: whether each run records what is needed to generate it again: model hash, seed, sampler,
/// steps, CFG, size and the software's version. Reported per field, so the gaps can be named.
/// </summary>
public sealed record ReproducibilityMeasure(int Runs, IReadOnlyDictionary<string, int> RunsMissing)
{
    public static readonly string[] Fields = ["model hash", "seed", "sampler", "steps", "cfg", "size", "software version"];

    /// <summary>Share of required fields present over all runs (1 when nothing is missing; 0 with no runs).</summary>
    public double Completeness => Runs == 0 ? 0 : 1 - (double)RunsMissing.Values.Sum() / (Runs * Fields.Length);

    public static ReproducibilityMeasure Of(IReadOnlyList<IterationFacts> runs)
    {
        var missing = Fields.ToDictionary(f => f, _ => 0);
        foreach (var r in runs)
        {
            if (string.IsNullOrEmpty(r.ModelHash)) missing["model hash"]++;
            if (string.IsNullOrEmpty(r.Seed)) missing["seed"]++;
            if (string.IsNullOrEmpty(r.Sampler)) missing["sampler"]++;
            if (r.Steps is null) missing["steps"]++;
            if (r.CfgScale is null) missing["cfg"]++;
            if (r.Width is null || r.Height is null) missing["size"]++;
            if (string.IsNullOrEmpty(r.GeneratorVersion)) missing["software version"]++;
        }
        return new ReproducibilityMeasure(runs.Count, missing);
    }
}
