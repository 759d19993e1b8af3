using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopyrightLedger.Core.Assessment;

/// <summary>Text in the two languages the app speaks.</summary>
public sealed record Wording(string En, string Zh)
{
    public string In(string culture) => culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
}

public sealed record FactorWeight(double Weight, string Role);

public sealed record Gate(string Factor, int Below, string CapBand, Wording Why);

public sealed record Band(string Id, double AtLeast);

public sealed record UscoWording(Wording AuthorCreated, Wording MaterialExcluded);

/// <summary>
/// An assessment profile, read from <c>profiles/*.json</c> so a lawyer can read and adjust it and a new jurisdiction
/// is a new file: factor weights and roles, gates that cap the band, bands, and the wording shown with each.
/// </summary>
public sealed record Profile(string Id, string Kind, Wording Name, Wording Basis, IReadOnlyDictionary<string, FactorWeight> Factors,
    IReadOnlyList<Gate> Gates, IReadOnlyList<Band> Bands, IReadOnlyDictionary<string, Wording> Wording, Wording Disclaimer, UscoWording? Usco = null)
{
    public static readonly string[] FactorIds = [.. Enumerable.Range(1, 12).Select(i => $"F{i}")];
    public static readonly string[] Kinds = ["score", "segmentation"];
    public static readonly string[] Roles = ["gate", "core", "supporting", "claimable", "disclaimed"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads and checks a profile; every problem is listed in one <see cref="DomainException"/>.</summary>
    public static Profile Parse(string json, string source)
    {
        Profile? p;
        try { p = JsonSerializer.Deserialize<Profile>(json, Json); }
        catch (JsonException e) { throw new DomainException($"{source}: {e.Message}"); }
        if (p is null) throw new DomainException($"{source}: empty.");
        var problems = p.Problems().ToList();
        return problems.Count == 0 ? p : throw new DomainException($"{source}: " + string.Join("; ", problems));
    }

    public static IReadOnlyList<Profile> LoadFolder(string folder) =>
        Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => Parse(File.ReadAllText(f), Path.GetFileName(f))).ToList();

    private IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Id)) yield return "no id";
        if (!Kinds.Contains(Kind)) yield return $"kind '{Kind}' is not one of {string.Join(", ", Kinds)}";
        foreach (var f in FactorIds.Where(f => Factors is null || !Factors.ContainsKey(f))) yield return $"factor {f} has no weight";
        foreach (var (id, w) in Factors ?? new Dictionary<string, FactorWeight>())
        {
            if (!FactorIds.Contains(id)) yield return $"unknown factor {id}";
            if (w.Weight < 0 || !double.IsFinite(w.Weight)) yield return $"{id}: weight must be 0 or more";
            if (!Roles.Contains(w.Role)) yield return $"{id}: role '{w.Role}' is not one of {string.Join(", ", Roles)}";
        }
        if ((Factors ?? new Dictionary<string, FactorWeight>()).Values.Sum(w => w.Weight) <= 0) yield return "the weights add up to nothing";
        var bands = Bands ?? [];
        if (bands.Count == 0 || bands[^1].AtLeast != 0) yield return "the last band must start at 0";
        for (var i = 1; i < bands.Count; i++)
            if (bands[i].AtLeast >= bands[i - 1].AtLeast) yield return $"band '{bands[i].Id}' must start below '{bands[i - 1].Id}'";
        foreach (var b in bands.Where(b => Wording is null || !Wording.ContainsKey(b.Id))) yield return $"band '{b.Id}' has no wording";
        foreach (var g in Gates ?? [])
        {
            if (!FactorIds.Contains(g.Factor)) yield return $"gate on unknown factor {g.Factor}";
            if (g.Below is < 1 or > 3) yield return $"gate on {g.Factor}: 'below' must be 1 to 3";
            if (bands.All(b => b.Id != g.CapBand)) yield return $"gate on {g.Factor} caps at unknown band '{g.CapBand}'";
        }
        if (Kind == "segmentation" && Usco is null) yield return "a segmentation profile needs its 'usco' wording";
        foreach (var w in new[] { Name, Basis, Disclaimer }.Concat(Wording?.Values ?? []))
            if (w is null || string.IsNullOrWhiteSpace(w.En) || string.IsNullOrWhiteSpace(w.Zh)) { yield return "every text needs English and Chinese"; break; }
    }
}
