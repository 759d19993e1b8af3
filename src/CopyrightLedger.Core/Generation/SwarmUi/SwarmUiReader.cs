using System.Globalization;
using System.Text.Json;
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
        using var document = JsonFields.Parse(json, $"{Format} parameters", verb: "are", requiredObject: ParamsKey);
        var warnings = new List<string>();
        var root = new JsonFields(document.RootElement, Format, warnings, lenient: true);
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
            Parameters = root.Flatten(json.Length),
            Warnings = warnings,
        };
    }

    private sealed record ModelRef(string Name, string? Param, string? Hash);

    private static List<ModelRef> Models(JsonFields root)
    {
        if (root.Get("sui_models") is not { ValueKind: JsonValueKind.Array } models) return [];
        return [.. models.EnumerateArray().Select(root.With).Where(m => m.Text("name") is not null)
            .Select(m => new ModelRef(m.Text("name")!, m.Text("param"), m.Text("hash")))];
    }

    /// <summary><c>loras</c> and <c>loraweights</c> run in parallel; the hash comes from the <c>sui_models</c> entry of that name.</summary>
    private static List<LoraRef> Loras(JsonFields p, List<ModelRef> models)
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
}
