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
        using var document = Parse(parameters);
        var fields = new Fields(document.RootElement, warnings);
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
            Parameters = Flatten(document.RootElement, parameters.Length, warnings),
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
    private static List<LoraRef> Loras(Fields fields, List<string> warnings)
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

    private static JsonDocument Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth }); }
        catch (JsonException e) { throw new MetadataFormatException($"{Format} parameters are not valid JSON: {e.Message.ReplaceLineEndings(" ")}"); }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
        document.Dispose();
        throw new MetadataFormatException($"{Format} parameters are not a JSON object.");
    }

    /// <summary>Every member as a dotted key and its verbatim value (arrays as JSON text), within a few times the input's size.</summary>
    private static List<KeyValuePair<string, string>> Flatten(JsonElement root, int inputLength, List<string> warnings)
    {
        var result = new List<KeyValuePair<string, string>>();
        var budget = (int)Math.Min(int.MaxValue, 4L * inputLength + 4096);
        Flatten(root, "", result, ref budget);
        if (budget < 0) warnings.Add($"{Format} parameters cut short: they exceed the size budget");
        return result;
    }

    private static void Flatten(JsonElement value, string key, List<KeyValuePair<string, string>> into, ref int budget)
    {
        if (budget < 0) return;
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in value.EnumerateObject())
                Flatten(member.Value, key.Length == 0 ? member.Name : $"{key}.{member.Name}", into, ref budget);
            return;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        budget -= key.Length + text.Length;
        if (budget >= 0) into.Add(new(key, text));
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>
    /// Typed reads of a JSON object's members (or an array's items); numbers may come as numbers or as numeric strings, as
    /// Fooocus writes its seed. A value of the wrong type or out of range is left out with a warning.
    /// </summary>
    private sealed class Fields(JsonElement source, List<string> warnings)
    {
        public Fields With(JsonElement other) => new(other, warnings);

        public JsonElement? Get(string name) =>
            source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public string? Text(string name) => Scalar(name, Get(name));

        public string? Text(int index) => Scalar($"[{index}]", source[index].ValueKind == JsonValueKind.Null ? null : source[index]);

        public string? Seed(string name) => Text(name) is not { } s ? null : Iteration.IsSeed(s) ? s : Reject(name, s);

        public int? Int(string name, int min)
        {
            if (Text(name) is not { } s) return null;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
            Reject(name, s);
            return null;
        }

        public double? Double(string name) => Number(name, Text(name));

        public double? Double(int index) => Number($"[{index}]", Text(index));

        private double? Number(string name, string? text)
        {
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
            Reject(name, text);
            return null;
        }

        private string? Scalar(string name, JsonElement? value) => value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
            { } v => Reject(name, v.GetRawText()),
        };

        private string? Reject(string name, string value)
        {
            warnings.Add($"{Format} {name} '{Clip(value)}' is out of range or of the wrong type; left empty");
            return null;
        }
    }
}
