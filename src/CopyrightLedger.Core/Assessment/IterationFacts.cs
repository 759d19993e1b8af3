using System.Globalization;

namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// One generation run as the assessment sees it: what the record holds, nothing inferred. Built from the stored
/// iterations (or, in tests and calibration, straight from files' metadata).
/// </summary>
public sealed record IterationFacts(
    int Sequence,
    string Prompt,
    string NegativePrompt,
    string? Seed,
    string? Model,
    string? ModelHash,
    string? Sampler,
    int? Steps,
    double? CfgScale,
    int? Width,
    int? Height,
    double? Denoise,
    string? GeneratorVersion,
    int? ParentSequence = null,
    DateTime? ClaimedUtc = null,
    string? JobId = null,
    string? Generator = null,
    IReadOnlyDictionary<string, string>? Options = null)
{
    /// <summary>A recorded run as the assessment sees it; <paramref name="parentSequence"/> is the run it was made from, if any.</summary>
    public static IterationFacts Of(Evidence.Iteration i, int? parentSequence = null) =>
        new(i.Sequence, i.Prompt, i.NegativePrompt, i.Seed, i.ModelName, i.ModelHash, i.Sampler, i.Steps, i.CfgScale, i.Width, i.Height, i.Denoise,
            i.GeneratorVersion, parentSequence, i.ClaimedAtUtc, i.JobId, i.Generator, i.HostedOptions);

    /// <summary>The names of the settings that differ between two runs: changed, added or dropped.</summary>
    public static IReadOnlyList<string> ChangedSettings(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A hosted service's own parameters (Midjourney's <c>--stylize</c>, <c>--chaos</c>, <c>--ar</c>, <c>--v</c>), by name without the dashes.</summary>
    public IReadOnlyDictionary<string, string> HostedOptions => Options ?? new Dictionary<string, string>();

    /// <summary>The settings a person chooses, by name, without the seed (a new seed alone is a re-roll).</summary>
    public IReadOnlyDictionary<string, string?> Settings => HostedOptions.ToDictionary(kv => "--" + kv.Key, kv => (string?)kv.Value).Concat(new Dictionary<string, string?>
    {
        ["model"] = ModelHash ?? Model,
        ["sampler"] = Sampler,
        ["steps"] = Steps?.ToString(CultureInfo.InvariantCulture),
        ["cfg"] = CfgScale?.ToString(CultureInfo.InvariantCulture),
        ["size"] = Width is { } w && Height is { } h ? $"{w}x{h}" : null,
        ["denoise"] = Denoise?.ToString(CultureInfo.InvariantCulture),
    }).ToDictionary();
}
