using System.Text;
using System.Text.RegularExpressions;

namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// A prompt as the list of its elements, the comma-separated phrases a Stable Diffusion prompt is built from, each
/// normalised so that only a change of meaning counts as a change: emphasis brackets and weights
/// (<c>(film grain:1.2)</c>, <c>[blurry]</c>, <c>((dusk))</c>) are stripped, case and spacing folded, LoRA tags
/// (<c>&lt;lora:name:0.7&gt;</c>) kept as <c>lora:name</c>. Weights are reported separately, as parameter changes.
/// </summary>
public static partial class PromptElements
{
    [GeneratedRegex(@"<lora:([^:>]+)(?::[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex Lora();

    [GeneratedRegex(@":\s*-?\d+(\.\d+)?\s*$")]
    private static partial Regex TrailingWeight();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static IReadOnlyList<string> Of(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt)) return [];
        var text = Lora().Replace(prompt, m => ", lora:" + m.Groups[1].Value.Trim() + ",");
        var result = new List<string>();
        foreach (var raw in text.Split([",", "\n", "|", " BREAK "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var element = Normalise(raw);
            if (element.Length > 0 && !result.Contains(element)) result.Add(element);
        }
        return result;
    }

    /// <summary>How many elements a creator's notes must explain for the prompt to count as mapped to the image (Wuhan).</summary>
    public const int Mapped = 8;

    /// <summary>
    /// The elements the creator's own notes name (a brief, a rationale mapping keywords to visible elements): a
    /// prompt explained element by element is designed, not copied. Single short words are ignored, they match by accident.
    /// </summary>
    public static IReadOnlyList<string> ExplainedIn(IReadOnlyList<string> elements, IEnumerable<string> notes)
    {
        var text = Spaces().Replace(string.Join("\n", notes), " ").ToLowerInvariant();
        return elements.Where(e => e.Length >= 4 && !e.StartsWith("lora:", StringComparison.Ordinal) && text.Contains(e, StringComparison.Ordinal)).ToList();
    }

    private static string Normalise(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
            if (c is not ('(' or ')' or '[' or ']' or '{' or '}')) sb.Append(c);
        var s = TrailingWeight().Replace(sb.ToString(), "");
        return Spaces().Replace(s, " ").Trim().ToLowerInvariant();
    }
}
