using System.Text.RegularExpressions;

namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Material from outside the creator that the runs name: LoRAs in the prompt (<c>&lt;lora:name:weight&gt;</c>) and a
/// hosted service's style, character or image references (Midjourney <c>--sref</c>, <c>--cref</c>). Courts have held
/// platforms liable for third-party LoRAs (Hangzhou "Ultraman", Shanghai "Medusa"): each is listed so its source can be
/// recorded, not judged.
/// </summary>
public static partial class OutsideMaterial
{
    [GeneratedRegex(@"<lora:([^:>]+)(?::[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex Lora();

    private static readonly (string Option, string Name)[] References = [("sref", "style reference"), ("cref", "character reference"), ("oref", "omni reference")];

    public static IReadOnlyList<string> Of(IEnumerable<IterationFacts> runs)
    {
        var found = new List<string>();
        foreach (var r in runs)
        {
            found.AddRange(Lora().Matches(r.Prompt).Select(m => $"LoRA {m.Groups[1].Value.Trim()}"));
            foreach (var (option, name) in References)
                if (r.HostedOptions.TryGetValue(option, out var value)) found.Add($"{name} {value}".Trim());
        }
        return found.Distinct(StringComparer.Ordinal).ToList();
    }
}
