namespace CopyrightLedger.Core.Provenance;

/// <summary>
/// IPTC Digital Source Type values (vocabulary <c>http://cv.iptc.org/newscodes/digitalsourcetype/</c>, as listed by
/// c2pa-rs's <c>DigitalSourceType</c>; docs/FORMATS.md B6). Files carry them as http or https URIs, as bare names and as
/// C2PA's own <c>http://c2pa.org/digitalsourcetype/empty</c>, so everything is compared on the last path segment.
/// </summary>
public static class DigitalSourceTypes
{
    private static readonly Dictionary<string, string> Groups = BuildGroups(
        ("Capture", ["digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm", "print", "screenCapture", "virtualRecording"]),
        ("Edits", ["humanEdits", "algorithmicallyEnhanced", "compositeWithTrainedAlgorithmicMedia"]),
        ("Creation", ["digitalCreation", "dataDrivenMedia", "trainedAlgorithmicMedia", "algorithmicMedia"]),
        ("Composites", ["composite", "compositeCapture", "compositeSynthetic"]),
        ("Deprecated", ["minorHumanEdits", "softwareImage", "digitalArt"]));

    /// <summary>C2PA's value for "no digital source type" (<c>http://c2pa.org/digitalsourcetype/empty</c>).</summary>
    public const string Empty = "empty";

    /// <summary>
    /// The last path segment of a source-type URI or name (<c>trainedAlgorithmicMedia</c>), spelled as in the IPTC
    /// vocabulary when it matches a known value ignoring case; null for a missing or blank value.
    /// </summary>
    public static string? Normalize(string? value)
    {
        var trimmed = value?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(trimmed)) return null;
        var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (name.Length == 0) return null;
        return Groups.Keys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    /// <summary>The docs/FORMATS.md B6 group of a normalised value: Capture, Edits, Creation, Composites or Deprecated; null otherwise (including <see cref="Empty"/>).</summary>
    public static string? Describe(string normalized) => Normalize(normalized) is { } name ? Groups.GetValueOrDefault(name) : null;

    private static Dictionary<string, string> BuildGroups(params (string Group, string[] Values)[] groups) =>
        groups.SelectMany(g => g.Values.Select(v => (v, g.Group))).ToDictionary(p => p.v, p => p.Group, StringComparer.Ordinal);
}
