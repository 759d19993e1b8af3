using System.Text.Json;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.ComfyUi;

/// <summary>
/// Reads ComfyUI's API graph, the <c>prompt</c> text as ComfyUI's SaveImage writes it: walks back from the output node
/// to the sampler, and from the sampler to the prompts, the model chain and the latent. A value hidden behind a node
/// this reader does not know is reported in <see cref="GenerationInfo.Warnings"/>, never guessed.
/// </summary>
public static class ComfyUiReader
{
    private const string Format = "ComfyUI";
    private static readonly string[] TextNames = ["text", "string", "value"];
    private static readonly string[] SamplerParts = ["noise", "guider", "sampler", "sigmas"];
    private static readonly string[] LatentPassThrough = ["samples", "latent_image", "latent", "pixels", "image", "images"];

    public static GenerationInfo Read(string promptJson, string? workflowJson)
    {
        ArgumentNullException.ThrowIfNull(promptJson);
        using var document = Parse(promptJson, "prompt");
        var graph = new ComfyGraph(ReadNodes(document.RootElement));
        var info = Walk(graph, parameterBudget: (int)Math.Min(int.MaxValue, 4L * promptJson.Length + 4096));
        if (workflowJson is not null && WorkflowProblem(workflowJson) is { } problem)
            info = info with { Warnings = [.. info.Warnings, problem] };
        return info;
    }

    private static GenerationInfo Walk(ComfyGraph graph, int parameterBudget)
    {
        IReadOnlyList<ComfyNode> parts = FindSampler(graph) is { } sampler ? Parts(graph, sampler) : [];
        var (prompt, promptL) = Prompt(graph, parts, "positive", "prompt");
        var (negative, negativeL) = Prompt(graph, parts, "negative", "negative prompt");
        var (model, loras) = ModelChain(graph, parts);
        var (width, height, mode) = Latent(graph, parts);
        var parameters = graph.Flatten(parameterBudget);
        if (promptL is not null) parameters.Add(new("prompt_l", promptL));
        if (negativeL is not null) parameters.Add(new("negative_prompt_l", negativeL));
        return new GenerationInfo
        {
            Generator = "comfyui",
            Prompt = prompt,
            NegativePrompt = negative,
            Seed = graph.Seed(Scalar(graph, parts, "seed", "noise_seed")),
            Steps = graph.Int(Scalar(graph, parts, "steps"), "steps", min: 0),
            CfgScale = graph.Double(Scalar(graph, parts, "cfg"), "cfg", double.MinValue, double.MaxValue),
            Sampler = graph.String(Scalar(graph, parts, "sampler_name"), "sampler_name"),
            Scheduler = graph.String(Scalar(graph, parts, "scheduler"), "scheduler"),
            Denoise = graph.Double(Scalar(graph, parts, "denoise"), "denoise", 0, 1),
            Model = model,
            Loras = loras,
            Width = width,
            Height = height,
            Mode = mode,
            InputImages = graph.LoadedImages(),
            Parameters = parameters,
            Warnings = graph.Warnings,
        };
    }

    private static ComfyNode? FindSampler(ComfyGraph graph)
    {
        var outputs = graph.Ordered.Where(ComfyGraph.IsOutput)
            .OrderBy(n => n.Class.Contains("Preview", StringComparison.OrdinalIgnoreCase)).ToList();
        if (outputs.Count == 0)
        {
            var first = graph.Ordered.FirstOrDefault(ComfyGraph.IsSampler);
            graph.Warn(first is null ? "no output node and no sampler in the graph" : $"no output node; read sampler node {ComfyGraph.Clip(first.Id)}");
            return first;
        }
        if (outputs.Count > 1)
            graph.Warn($"{outputs.Count} output nodes; read the chain above node {ComfyGraph.Clip(outputs[0].Id)} ({ComfyGraph.Clip(outputs[0].Class)})");
        var sampler = graph.Nearest(outputs[0], ComfyGraph.IsSampler);
        if (sampler is null) graph.Warn($"no sampler found above output node {ComfyGraph.Clip(outputs[0].Id)}");
        return sampler;
    }

    // SamplerCustom(Advanced) spreads its settings over the nodes feeding noise, guider, sampler and sigmas.
    private static List<ComfyNode> Parts(ComfyGraph graph, ComfyNode sampler) =>
        [sampler, .. SamplerParts.Select(name => sampler.Inputs.TryGetValue(name, out var v) ? graph.Linked(v) : null).OfType<ComfyNode>()];

    private static (string Name, JsonElement Value)? Find(IReadOnlyList<ComfyNode> parts, params string[] names)
    {
        foreach (var part in parts)
            foreach (var name in names)
                if (part.Inputs.TryGetValue(name, out var value)) return (name, value);
        return null;
    }

    private static JsonElement? Scalar(ComfyGraph graph, IReadOnlyList<ComfyNode> parts, params string[] names) =>
        Find(parts, names) is { } found ? graph.Resolve(found.Value, found.Name, [found.Name, "value"]) : null;

    private static (string? Text, string? TextL) Prompt(ComfyGraph graph, IReadOnlyList<ComfyNode> parts, string side, string what)
    {
        // BasicGuider (Flux) takes one "conditioning" instead of positive/negative.
        if (Find(parts, side == "positive" ? [side, "conditioning"] : [side]) is not { } start) return default;
        string? text = null, textL = null;
        graph.Follow(start.Value, what, node =>
        {
            if (node.Inputs.ContainsKey("text_g"))
            {
                text = graph.Text(node, "text_g", what, TextNames);
                textL = node.Inputs.ContainsKey("text_l") ? graph.Text(node, "text_l", what, TextNames) : null;
                return null;
            }
            if (node.Inputs.ContainsKey("text")) { text = graph.Text(node, "text", what, TextNames); return null; }
            if (node.Inputs.ContainsKey("conditioning")) return "conditioning";
            return node.Inputs.ContainsKey(side) ? side : graph.Unresolved(node, what);
        });
        return (text, textL == text ? null : textL);
    }

    private static (string? Model, List<LoraRef> Loras) ModelChain(ComfyGraph graph, IReadOnlyList<ComfyNode> parts)
    {
        string? model = null;
        var loras = new List<LoraRef>();
        if (Find(parts, "model") is not { } start) return (model, loras);
        graph.Follow(start.Value, "model", node =>
        {
            if (node.Inputs.ContainsKey("ckpt_name") || node.Inputs.ContainsKey("unet_name"))
            {
                var loader = node.Inputs.ContainsKey("ckpt_name") ? "ckpt_name" : "unet_name";
                model = graph.Text(node, loader, "model", [loader, "value"]);
                return null;
            }
            if (node.Inputs.ContainsKey("lora_name") && graph.Text(node, "lora_name", "LoRA", ["lora_name", "value"]) is { } lora)
                loras.Add(new LoraRef(lora, graph.Double(graph.Input(node, "strength_model"), "strength_model", double.MinValue, double.MaxValue), null));
            return node.Inputs.ContainsKey("model") ? "model" : graph.Unresolved(node, "model");
        });
        loras.Reverse(); // walked from the sampler back: list them in the order they are applied
        return (model, loras);
    }

    private static (int? Width, int? Height, string? Mode) Latent(ComfyGraph graph, IReadOnlyList<ComfyNode> parts)
    {
        if (Find(parts, "latent_image") is not { } start) return default;
        int? width = null, height = null;
        string? mode = null;
        var inpaint = false;
        graph.Follow(start.Value, "image size", node =>
        {
            if (node.Class.StartsWith("LoadImage", StringComparison.Ordinal)) { mode = inpaint ? "inpaint" : "img2img"; return null; }
            if (node.Class.Contains("VAEEncode", StringComparison.Ordinal))
            {
                inpaint = node.Class.Contains("Inpaint", StringComparison.Ordinal);
                return "pixels";
            }
            if (width is null && node.Inputs.ContainsKey("width") && node.Inputs.ContainsKey("height"))
            {
                width = graph.Int(graph.Input(node, "width"), "width", min: 1);
                height = graph.Int(graph.Input(node, "height"), "height", min: 1);
            }
            if (node.Class.StartsWith("Empty", StringComparison.Ordinal) && node.Class.Contains("Latent", StringComparison.Ordinal))
            {
                mode ??= "txt2img";
                return null;
            }
            return LatentPassThrough.FirstOrDefault(node.Inputs.ContainsKey) ?? (width is null ? graph.Unresolved(node, "image size") : null);
        });
        return (width, height, mode);
    }

    private static JsonDocument Parse(string json, string what)
    {
        try { return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth }); }
        catch (JsonException e) { throw new MetadataFormatException($"{Format} {what} is not valid JSON: {ComfyGraph.OneLine(e.Message)}"); }
    }

    // The workflow (UI graph) is evidence only: values come from the prompt, which is what actually ran.
    private static string? WorkflowProblem(string workflowJson)
    {
        try
        {
            using var _ = Parse(workflowJson, "workflow");
            return null;
        }
        catch (MetadataFormatException e) { return $"{e.Message} (kept, not read)"; }
    }

    private static Dictionary<string, ComfyNode> ReadNodes(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new MetadataFormatException($"{Format} prompt is not a JSON object of nodes.");
        var nodes = new Dictionary<string, ComfyNode>(StringComparer.Ordinal);
        var count = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (++count > ReadLimits.MaxComfyNodes)
                throw new MetadataFormatException($"{Format} prompt has more than {ReadLimits.MaxComfyNodes} nodes.");
            nodes[property.Name] = ReadNode(property.Name, property.Value); // a repeated id: the last wins, as in Python's json
        }
        return nodes;
    }

    private static ComfyNode ReadNode(string id, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("class_type", out var type) || type.ValueKind != JsonValueKind.String)
            throw new MetadataFormatException($"{Format} prompt node {ComfyGraph.Clip(id)} has no class_type.");
        var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (value.TryGetProperty("inputs", out var raw))
        {
            if (raw.ValueKind != JsonValueKind.Object)
                throw new MetadataFormatException($"{Format} prompt node {ComfyGraph.Clip(id)} has inputs that are not an object.");
            foreach (var input in raw.EnumerateObject()) inputs[input.Name] = input.Value;
        }
        return new ComfyNode(id, type.GetString()!, inputs);
    }
}
