using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.SwarmUi;

/// <summary>
/// Reads SwarmUI's <c>parameters</c> JSON as SwarmUI writes it (docs/Image Metadata Format.md): <c>sui_image_params</c>
/// with lower-case parameter ids and values that may be strings, plus the optional <c>sui_extra_data</c> and
/// <c>sui_models</c> (names, roles and tensor hashes of the models used).
/// </summary>
public static class SwarmUiReader
{
    private const string Format = "SwarmUI";
    private const string ParamsKey = "sui_image_params";

    public static bool IsSwarm(string parameters)
    {
        if (string.IsNullOrEmpty(parameters) || !parameters.Contains($"\"{ParamsKey}\"", StringComparison.Ordinal)) return false;
        try
        {
            using var document = JsonDocument.Parse(parameters, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(ParamsKey, out _);
        }
        catch (JsonException) { return false; }
    }

    public static GenerationInfo Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json);
        var warnings = new List<string>();
        var root = new Fields(document.RootElement, warnings);
        var p = root.Object(ParamsKey);
        var models = Models(root);
        var model = models.FirstOrDefault(m => m.Param == "model");
        return new GenerationInfo
        {
            Generator = "swarmui",
            GeneratorVersion = p.Text("swarm_version") ?? root.Text("swarm_version"),
            Prompt = p.Text("prompt"),
            NegativePrompt = p.Text("negativeprompt"),
            Seed = p.Seed("seed"),
            Steps = p.Int("steps", min: 0),
            CfgScale = p.Double("cfgscale"),
            Sampler = p.Text("sampler"),
            Scheduler = p.Text("scheduler"),
            Model = p.Text("model") ?? model?.Name, // the name the person chose; sui_models adds the file name and hash
            ModelHash = model?.Hash,
            Width = p.Int("width", min: 1),
            Height = p.Int("height", min: 1),
            Denoise = p.Double("initimagecreativity", 0, 1),
            Loras = Loras(p, models),
            Parameters = Flatten(document.RootElement, json.Length, warnings),
            Warnings = warnings,
        };
    }

    private sealed record ModelRef(string Name, string? Param, string? Hash);

    private static List<ModelRef> Models(Fields root)
    {
        if (root.Get("sui_models") is not { ValueKind: JsonValueKind.Array } models) return [];
        return [.. models.EnumerateArray().Select(root.With).Where(m => m.Text("name") is not null)
            .Select(m => new ModelRef(m.Text("name")!, m.Text("param"), m.Text("hash")))];
    }

    /// <summary><c>loras</c> and <c>loraweights</c> run in parallel; the hash comes from the <c>sui_models</c> entry of that name.</summary>
    private static List<LoraRef> Loras(Fields p, List<ModelRef> models)
    {
        var names = p.List("loras");
        var weights = p.List("loraweights");
        var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var lora in models.Where(m => m.Param == "loras"))
        {
            hashes.TryAdd(lora.Name, lora.Hash);
            hashes.TryAdd(Path.ChangeExtension(lora.Name, null), lora.Hash); // the loras parameter leaves the extension out
        }
        var result = new List<LoraRef>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            double? weight = i < weights.Count && double.TryParse(weights[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && double.IsFinite(w) ? w : null;
            result.Add(new LoraRef(names[i], weight, hashes.GetValueOrDefault(names[i])));
        }
        return result;
    }

    private static JsonDocument Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth }); }
        catch (JsonException e) { throw new MetadataFormatException($"{Format} parameters are not valid JSON: {e.Message.ReplaceLineEndings(" ")}"); }
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty(ParamsKey, out var p) && p.ValueKind == JsonValueKind.Object)
            return document;
        document.Dispose();
        throw new MetadataFormatException($"{Format} parameters are not a JSON object with a {ParamsKey} object.");
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

    /// <summary>
    /// Typed reads of one JSON object's members. SwarmUI may write any value as a string, so numbers are taken from numbers
    /// or numeric strings; a value of the wrong type or out of range is left out with a warning.
    /// </summary>
    private sealed class Fields(JsonElement source, List<string> warnings)
    {
        public Fields With(JsonElement other) => new(other, warnings);

        public JsonElement? Get(string name) =>
            source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public Fields Object(string name) => new(Get(name) ?? default, warnings);

        public string? Text(string name) => Get(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
            { } v => Reject(name, v.GetRawText()),
        };

        /// <summary>A list written as a JSON array or as one comma-separated string.</summary>
        public List<string> List(string name) => Get(name) switch
        {
            { ValueKind: JsonValueKind.Array } v => [.. v.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText())],
            { ValueKind: JsonValueKind.String } v => [.. v.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => [],
        };

        public string? Seed(string name) => Text(name) is not { } s ? null : Iteration.IsSeed(s.Trim()) ? s.Trim() : Reject(name, s);

        public int? Int(string name, int min)
        {
            if (Text(name) is not { } s) return null;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
            Reject(name, s);
            return null;
        }

        public double? Double(string name, double min = double.MinValue, double max = double.MaxValue)
        {
            if (Text(name) is not { } s) return null;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max) return v;
            Reject(name, s);
            return null;
        }

        private string? Reject(string name, string value)
        {
            warnings.Add($"{Format} {name} '{(value.Length <= 40 ? value : value[..40] + "…")}' is out of range or of the wrong type; left empty");
            return null;
        }
    }
}
