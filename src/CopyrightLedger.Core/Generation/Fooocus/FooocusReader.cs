using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.Fooocus;

/// <summary>
/// Reads Fooocus's <c>parameters</c> as Fooocus's <c>modules/meta_parser.py</c> writes them: a JSON object under the
/// <c>fooocus</c> scheme, or an A1111-style infotext under the <c>a1111</c> scheme (named by <c>fooocus_scheme</c>).
/// </summary>
public static class FooocusReader
{
    private const string Format = "Fooocus";

    public static GenerationInfo Read(string parameters, string? scheme)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var warnings = new List<string>();
        var named = scheme?.Trim().ToLowerInvariant();
        if (named is not (null or "" or "fooocus" or "a1111"))
            warnings.Add($"{Format} scheme '{Clip(scheme!)}' is unknown; read by its content");
        var json = named == "fooocus" || named != "a1111" && parameters.TrimStart().StartsWith('{');
        var info = json ? ReadJson(parameters, warnings) : ReadInfotext(parameters, warnings);
        return info with { Warnings = warnings };
    }

    private static GenerationInfo ReadJson(string parameters, List<string> warnings)
    {
        using var document = JsonFields.Parse(parameters, $"{Format} parameters", verb: "are");
        var fields = new JsonFields(document.RootElement, Format, warnings);
        var (width, height) = Resolution(fields.Text("resolution"), warnings);
        return new GenerationInfo
        {
            Generator = "fooocus",
            GeneratorVersion = fields.Text("version"),
            Prompt = fields.Text("prompt"),
            NegativePrompt = fields.Text("negative_prompt"),
            Seed = fields.Seed("seed"),
            Steps = fields.Int("steps", min: 0),
            CfgScale = fields.Double("guidance_scale"),
            Sampler = fields.Text("sampler"),
            Scheduler = fields.Text("scheduler"),
            Model = fields.Text("base_model"),
            ModelHash = fields.Text("base_model_hash"),
            Width = width,
            Height = height,
            Loras = Loras(fields, warnings),
            Parameters = fields.Flatten(parameters.Length),
        };
    }

    private static GenerationInfo ReadInfotext(string parameters, List<string> warnings)
    {
        var infotext = A1111Infotext.Parse(parameters);
        var settings = infotext.ToSettings();
        WarnUnread(infotext, settings, warnings);
        var weights = Pairs(infotext.Get("Lora weights")).DistinctBy(w => w.Key).ToDictionary();
        return new GenerationInfo
        {
            Generator = "fooocus",
            GeneratorVersion = infotext.Get("Version"),
            Prompt = infotext.Prompt,
            NegativePrompt = infotext.NegativePrompt.Length == 0 ? null : infotext.NegativePrompt,
            Seed = settings.Seed,
            Steps = settings.Steps,
            CfgScale = settings.CfgScale,
            Sampler = settings.Sampler,
            Scheduler = settings.Scheduler ?? infotext.Get("Scheduler"),
            Model = infotext.Get("Model"),
            ModelHash = infotext.Get("Model hash"),
            Width = settings.Width,
            Height = settings.Height,
            Loras = [.. Pairs(infotext.Get("Lora hashes")).Select(p => new LoraRef(p.Key, Weight(weights, p.Key), p.Value))],
            Parameters = infotext.Parameters,
        };
    }

    // ToSettings drops values it cannot read; say so rather than lose them silently.
    private static void WarnUnread(A1111Infotext infotext, GenerationSettings settings, List<string> warnings)
    {
        if (infotext.Parameters.Count == 0) warnings.Add($"{Format} infotext has no parameter line");
        var read = new Dictionary<string, bool>
        {
            ["Seed"] = settings.Seed is not null,
            ["Steps"] = settings.Steps is not null,
            ["CFG scale"] = settings.CfgScale is not null,
            ["Size"] = settings.Width is not null,
        };
        foreach (var (key, ok) in read)
            if (!ok && infotext.Get(key) is { } raw) warnings.Add($"{Format} {key} '{Clip(raw)}' is out of range or of the wrong type; left empty");
    }

    /// <summary><c>"name: value, name2: value2"</c>, as Fooocus writes <c>Lora hashes</c> and <c>Lora weights</c>; a name may hold colons.</summary>
    private static List<KeyValuePair<string, string>> Pairs(string? text) =>
    [
        .. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(item => item.LastIndexOf(':') > 0)
            .Select(item => new KeyValuePair<string, string>(item[..item.LastIndexOf(':')].Trim(), item[(item.LastIndexOf(':') + 1)..].Trim())),
    ];

    private static double? Weight(Dictionary<string, string> weights, string name) =>
        weights.TryGetValue(name, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && double.IsFinite(weight) ? weight : null;

    /// <summary><c>"(1152, 896)"</c>: Python's text for the (width, height) tuple.</summary>
    private static (int? Width, int? Height) Resolution(string? text, List<string> warnings)
    {
        if (text is null) return default;
        var parts = text.Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h > 0)
            return (w, h);
        warnings.Add($"{Format} resolution '{Clip(text)}' is not \"(width, height)\"; left empty");
        return default;
    }

    /// <summary><c>loras: [[name, weight, hash]]</c>; versions before hashes wrote <c>[name, weight]</c>.</summary>
    private static List<LoraRef> Loras(JsonFields fields, List<string> warnings)
    {
        if (fields.Get("loras") is not { ValueKind: JsonValueKind.Array } loras) return [];
        var result = new List<LoraRef>();
        foreach (var lora in loras.EnumerateArray())
        {
            if (lora.ValueKind != JsonValueKind.Array || lora.GetArrayLength() < 2 || lora[0].ValueKind != JsonValueKind.String)
            {
                warnings.Add($"{Format} LoRA entry '{Clip(lora.GetRawText())}' is not [name, weight, hash]; left out");
                continue;
            }
            var entry = fields.With(lora);
            result.Add(new LoraRef(lora[0].GetString()!, entry.Double(1), lora.GetArrayLength() > 2 ? entry.Text(2) : null));
        }
        return result;
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
