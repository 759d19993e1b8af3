using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.Midjourney;

/// <summary>
/// Reads the PNG <c>Description</c> of a Midjourney web download, as Midjourney writes it:
/// <c>prompt --ar 2:1 --v 6 Job ID: uuid</c>, with the user name in <c>Author</c>.
/// </summary>
public static class MidjourneyReader
{
    private const string JobIdMarker = " Job ID:";

    public static bool IsMidjourney(string? description) =>
        description is not null && description.Contains(JobIdMarker, StringComparison.Ordinal);

    public static GenerationInfo Read(string description, string? author)
    {
        ArgumentNullException.ThrowIfNull(description);
        var marker = description.LastIndexOf(JobIdMarker, StringComparison.Ordinal);
        if (marker < 0) throw new MetadataFormatException("Midjourney Description has no \"Job ID:\".");
        var jobId = description[(marker + JobIdMarker.Length)..].Trim();
        if (jobId.Length == 0) throw new MetadataFormatException("Midjourney Description has an empty Job ID.");

        var text = description[..marker];
        var start = ParametersStart(text);
        var parameters = ReadParameters(text[start..]);
        var warnings = new List<string>();
        var seed = Last(parameters, "seed");
        if (seed is not null && !Iteration.IsSeed(seed))
        {
            warnings.Add($"Midjourney --seed '{(seed.Length <= 40 ? seed : seed[..40] + "…")}' is not a whole number; left empty");
            seed = null;
        }
        if (!string.IsNullOrWhiteSpace(author)) parameters.Add(new("author", author));
        return new GenerationInfo
        {
            Generator = "midjourney",
            GeneratorVersion = Version(Last(parameters, "v", "version"), Last(parameters, "niji")),
            Prompt = text[..start].Trim(),
            NegativePrompt = Last(parameters, "no"), // --no is Midjourney's negative prompt
            Seed = seed,
            JobId = jobId,
            Parameters = parameters,
            Warnings = warnings,
        };
    }

    /// <summary>Where the <c>--param value</c> tail begins: the first <c>--</c> that starts a word.</summary>
    private static int ParametersStart(string text)
    {
        for (var i = text.IndexOf("--", StringComparison.Ordinal); i >= 0; i = text.IndexOf("--", i + 1, StringComparison.Ordinal))
            if (i == 0 || char.IsWhiteSpace(text[i - 1])) return i;
        return text.Length;
    }

    /// <summary>
    /// Each <c>--name</c> with the words up to the next one as its value (<c>--no red, blue</c>; <c>--sref url1 url2</c>);
    /// a switch such as <c>--raw</c> has an empty value. Names are kept as written (<c>stylize</c> stays <c>stylize</c>).
    /// </summary>
    private static List<KeyValuePair<string, string>> ReadParameters(string tail)
    {
        var result = new List<KeyValuePair<string, string>>();
        string? name = null;
        var words = new List<string>();
        foreach (var token in tail.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length > 2 && token.StartsWith("--", StringComparison.Ordinal))
            {
                Flush();
                name = token[2..];
            }
            else words.Add(token);
        }
        Flush();
        return result;

        void Flush()
        {
            if (name is not null) result.Add(new(name, string.Join(' ', words)));
            words.Clear();
        }
    }

    private static string? Last(List<KeyValuePair<string, string>> parameters, params string[] names) =>
        parameters.LastOrDefault(p => names.Contains(p.Key, StringComparer.Ordinal)) is { Key: not null } found ? found.Value : null;

    private static string? Version(string? v, string? niji) => v switch
    {
        { Length: > 0 } => v,
        _ when niji is null => null,
        _ => niji.Length == 0 ? "niji" : $"niji {niji}",
    };
}
