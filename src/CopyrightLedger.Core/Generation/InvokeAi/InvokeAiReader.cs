using System.Text.Json;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.InvokeAi;

/// <summary>
/// Reads InvokeAI's metadata: the <c>invokeai_metadata</c> JSON as InvokeAI 3 and later write it (the
/// <c>CoreMetadataInvocation</c> fields), and the <c>sd-metadata</c> JSON and <c>Dream</c> command line of InvokeAI 2.x.
/// </summary>
public static class InvokeAiReader
{
    private const string Format = "InvokeAI";
    private static readonly string[] ModePrefixes = ["sdxl_", "flux_", "sd3_", "cogview4_"];

    public static GenerationInfo ReadV3(string invokeaiMetadataJson)
    {
        ArgumentNullException.ThrowIfNull(invokeaiMetadataJson);
        using var document = JsonFields.Parse(invokeaiMetadataJson, $"{Format} invokeai_metadata");
        var warnings = new List<string>();
        var fields = new JsonFields(document.RootElement, Format, warnings);
        return new GenerationInfo
        {
            Generator = "invokeai",
            GeneratorVersion = fields.Text("app_version"),
            Prompt = fields.Text("positive_prompt"),
            NegativePrompt = fields.Text("negative_prompt"),
            Seed = fields.Seed("seed"),
            Steps = fields.Int("steps", min: 0),
            CfgScale = fields.Double("cfg_scale"),
            // InvokeAI's "scheduler" is the sampling algorithm (euler, dpmpp_2m, …), what every other tool calls the
            // sampler (docs/IMPORTERS.md); the raw key stays in the parameters.
            Sampler = fields.Text("scheduler"),
            Model = ModelName(fields),
            ModelHash = fields.Object("model").Text("hash"),
            Width = fields.Int("width", min: 1),
            Height = fields.Int("height", min: 1),
            Denoise = fields.Double("strength", 0, 1),
            Loras = Loras(fields),
            Mode = NormaliseMode(fields.Text("generation_mode")),
            InputImages = ImageNames(document.RootElement),
            Parameters = fields.Flatten(invokeaiMetadataJson.Length),
            Warnings = warnings,
        };
    }

    public static GenerationInfo ReadV2(string? sdMetadataJson, string? dream)
    {
        if (string.IsNullOrWhiteSpace(sdMetadataJson) && string.IsNullOrWhiteSpace(dream))
            throw new MetadataFormatException($"{Format} 2.x metadata has neither sd-metadata nor Dream.");
        var warnings = new List<string>();
        var fromJson = string.IsNullOrWhiteSpace(sdMetadataJson) ? null : ReadSdMetadata(sdMetadataJson, warnings);
        var fromDream = string.IsNullOrWhiteSpace(dream) ? null : InvokeAi2Syntax.Read(dream, warnings);
        return Merge(fromJson, fromDream) with { Warnings = warnings };
    }

    private static GenerationInfo ReadSdMetadata(string json, List<string> warnings)
    {
        using var document = JsonFields.Parse(json, $"{Format} sd-metadata");
        var fields = new JsonFields(document.RootElement, Format, warnings);
        var image = fields.Object("image");
        var (prompt, negative) = InvokeAi2Syntax.SplitNegative(V2Prompt(image, warnings));
        return new GenerationInfo
        {
            Generator = "invokeai",
            GeneratorVersion = fields.Text("app_version"),
            Model = fields.Text("model_weights") ?? fields.Text("model_id"),
            ModelHash = fields.Text("model_hash"),
            Prompt = prompt,
            NegativePrompt = negative,
            Seed = image.Seed("seed"),
            Steps = image.Int("steps", min: 0),
            CfgScale = image.Double("cfg_scale"),
            Sampler = image.Text("sampler"),
            Width = image.Int("width", min: 1),
            Height = image.Int("height", min: 1),
            Denoise = image.Double("strength", 0, 1),
            Mode = image.Text("type"),
            InputImages = image.Text("init_image_path") is { } init ? [init] : [],
            Parameters = fields.Flatten(json.Length),
        };
    }

    /// <summary>InvokeAI 2.x stores the prompt as a string or as weighted parts <c>[{prompt, weight}]</c>.</summary>
    private static string? V2Prompt(JsonFields image, List<string> warnings)
    {
        if (image.Get("prompt") is not { ValueKind: JsonValueKind.Array } parts) return image.Text("prompt");
        if (parts.GetArrayLength() > 1) warnings.Add($"{Format} prompt has {parts.GetArrayLength()} weighted parts; the first is shown, all are in the parameters");
        return parts.GetArrayLength() == 0 ? null : image.With(parts[0]).Text("prompt");
    }

    private static GenerationInfo Merge(GenerationInfo? json, GenerationInfo? dream)
    {
        if (json is null || dream is null) return (json ?? dream)!;
        return json with
        {
            Prompt = json.Prompt ?? dream.Prompt,
            NegativePrompt = json.NegativePrompt ?? dream.NegativePrompt,
            Seed = json.Seed ?? dream.Seed,
            Steps = json.Steps ?? dream.Steps,
            CfgScale = json.CfgScale ?? dream.CfgScale,
            Sampler = json.Sampler ?? dream.Sampler,
            Width = json.Width ?? dream.Width,
            Height = json.Height ?? dream.Height,
            Denoise = json.Denoise ?? dream.Denoise,
            Mode = json.Mode ?? dream.Mode,
            InputImages = [.. json.InputImages.Union(dream.InputImages, StringComparer.Ordinal)],
            Parameters = [.. json.Parameters, .. dream.Parameters],
        };
    }

    // InvokeAI 3.0 wrote {model_name, base_model}; later versions write {key, hash, name, base, type}.
    private static string? ModelName(JsonFields fields)
    {
        if (fields.Get("model")?.ValueKind == JsonValueKind.String) return fields.Text("model");
        var model = fields.Object("model");
        return model.Text("name") ?? model.Text("model_name");
    }

    private static string? NormaliseMode(string? mode)
    {
        var prefix = mode is null ? null : ModePrefixes.FirstOrDefault(p => mode.StartsWith(p, StringComparison.Ordinal));
        return prefix is null ? mode : mode![prefix.Length..];
    }

    /// <summary><c>loras: [{model: {name, hash, ...}, weight}]</c>, or <c>lora: {model_name}</c> as InvokeAI 3.0 wrote it.</summary>
    private static List<LoraRef> Loras(JsonFields fields)
    {
        if (fields.Get("loras") is not { ValueKind: JsonValueKind.Array } loras) return [];
        var result = new List<LoraRef>();
        foreach (var item in loras.EnumerateArray())
        {
            var entry = fields.With(item);
            var model = entry.Get("model") is not null ? entry.Object("model") : entry.Object("lora");
            if ((model.Text("name") ?? model.Text("model_name") ?? model.Text("key")) is { } name)
                result.Add(new LoraRef(name, entry.Double("weight"), model.Text("hash")));
        }
        return result;
    }

    /// <summary>Every <c>image_name</c> and <c>init_image</c> string in the document: init, control and reference images.</summary>
    private static List<string> ImageNames(JsonElement root)
    {
        var names = new List<string>();
        CollectImageNames(root, names);
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    // Recursion is bounded by the document's depth, which the parser holds to ReadLimits.MaxJsonDepth.
    private static void CollectImageNames(JsonElement value, List<string> names)
    {
        if (value.ValueKind == JsonValueKind.Array)
            foreach (var item in value.EnumerateArray()) CollectImageNames(item, names);
        if (value.ValueKind != JsonValueKind.Object) return;
        foreach (var member in value.EnumerateObject())
        {
            if (member.Name is "image_name" or "init_image" && member.Value.ValueKind == JsonValueKind.String) names.Add(member.Value.GetString()!);
            else CollectImageNames(member.Value, names);
        }
    }
}
