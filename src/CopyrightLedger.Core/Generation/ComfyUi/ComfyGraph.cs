using System.Text.Json;
using CopyrightLedger.Core.Evidence;

namespace CopyrightLedger.Core.Generation.ComfyUi;

/// <summary>One node of a ComfyUI API graph: its id, <c>class_type</c> and inputs (literals or links).</summary>
internal sealed record ComfyNode(string Id, string Class, IReadOnlyDictionary<string, JsonElement> Inputs);

/// <summary>The nodes of one ComfyUI prompt, link following with cycle guards, typed reads and the warnings they raise.</summary>
internal sealed class ComfyGraph(Dictionary<string, ComfyNode> nodes)
{
    private const int ClipLength = 80;

    public List<string> Warnings { get; } = [];

    public IReadOnlyList<ComfyNode> Ordered { get; } = [.. nodes.Values.OrderBy(n => n.Id, Comparer<string>.Create(CompareIds))];

    public static bool IsOutput(ComfyNode node) =>
        new[] { "SaveImage", "PreviewImage", "Image Saver" }.Any(c => node.Class.Contains(c, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A node that denoises a latent from a seed: KSampler (<c>seed</c>), KSamplerAdvanced and SamplerCustom
    /// (<c>noise_seed</c>), SamplerCustomAdvanced (<c>noise</c>) and custom samplers shaped like them, but not KSamplerSelect.
    /// </summary>
    public static bool IsSampler(ComfyNode node) =>
        node.Inputs.ContainsKey("latent_image") && new[] { "seed", "noise_seed", "noise" }.Any(node.Inputs.ContainsKey);

    public void Warn(string message) => Warnings.Add(message);

    public string? Unresolved(ComfyNode node, string what)
    {
        Warn($"custom node {Clip(node.Class)}: {what} not resolved");
        return null;
    }

    /// <summary>A link as ComfyUI's <c>is_link</c> decides: <c>[source node id (string), output index (int)]</c>.</summary>
    public static bool IsLink(JsonElement value, out string source)
    {
        source = "";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2) return false;
        if (value[0].ValueKind != JsonValueKind.String || value[1].ValueKind != JsonValueKind.Number || !value[1].TryGetInt32(out _)) return false;
        source = value[0].GetString()!;
        return true;
    }

    public ComfyNode? Linked(JsonElement value) => IsLink(value, out var id) ? nodes.GetValueOrDefault(id) : null;

    /// <summary>Breadth-first up every link from <paramref name="start"/> to the nearest node that <paramref name="match"/>es.</summary>
    public ComfyNode? Nearest(ComfyNode start, Func<ComfyNode, bool> match)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        var queue = new Queue<ComfyNode>([start]);
        while (queue.TryDequeue(out var node))
        {
            if (!ReferenceEquals(node, start) && match(node)) return node;
            foreach (var input in node.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
                if (Linked(input.Value) is { } up && seen.Add(up.Id)) queue.Enqueue(up);
        }
        return null;
    }

    /// <summary>
    /// Follows links from <paramref name="start"/>, handing each node to <paramref name="visit"/>, which returns the input
    /// to follow next or null to stop. Stops, with a warning, at a missing node or a cycle.
    /// </summary>
    public void Follow(JsonElement start, string what, Func<ComfyNode, string?> visit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var value = start;
        while (IsLink(value, out var id))
        {
            if (!nodes.TryGetValue(id, out var node)) { Warn($"{what} not resolved: link to missing node {Clip(id)}"); return; }
            if (!seen.Add(id)) { Warn($"{what} not resolved: link cycle through node {Clip(id)}"); return; }
            if (visit(node) is not { } next || !node.Inputs.TryGetValue(next, out value)) return;
        }
    }

    /// <summary>A literal input, or the literal a link leads to through nodes that carry one of <paramref name="names"/>.</summary>
    public JsonElement? Resolve(JsonElement value, string what, IReadOnlyList<string> names)
    {
        JsonElement? literal = IsLink(value, out _) ? null : value;
        Follow(value, what, node =>
        {
            var name = names.FirstOrDefault(node.Inputs.ContainsKey);
            if (name is not null && !IsLink(node.Inputs[name], out _)) literal = node.Inputs[name];
            return name ?? Unresolved(node, what);
        });
        return literal;
    }

    public JsonElement? Input(ComfyNode node, string name) =>
        node.Inputs.TryGetValue(name, out var value) ? Resolve(value, name, [name, "value"]) : null;

    public string? Text(ComfyNode node, string name, string what, IReadOnlyList<string> names) =>
        String(node.Inputs.TryGetValue(name, out var value) ? Resolve(value, what, names) : null, what);

    public string? String(JsonElement? value, string field) =>
        value is not { } v ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : Rejected(field, v);

    public string? Seed(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when Iteration.IsSeed(v.GetRawText()) => v.GetRawText(),
        { ValueKind: JsonValueKind.String } v when Iteration.IsSeed(v.GetString()!) => v.GetString(),
        { } v => Rejected("seed", v),
    };

    public int? Int(JsonElement? value, string field, int min)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= min) return i;
        Rejected(field, v);
        return null;
    }

    public double? Double(JsonElement? value, string field, double min, double max)
    {
        if (value is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) && d >= min && d <= max) return d;
        Rejected(field, v);
        return null;
    }

    private string? Rejected(string field, JsonElement value)
    {
        Warn($"{field} '{Clip(Verbatim(value))}' is out of range or of the wrong type; left empty");
        return null;
    }

    /// <summary>
    /// Every literal input as <c>nodeId.class_type.input</c>, by node id then input name. Keys repeat the node's id and
    /// class for each input, so the total is held to <paramref name="budget"/> characters.
    /// </summary>
    public List<KeyValuePair<string, string>> Flatten(int budget)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var node in Ordered)
            foreach (var (name, value) in node.Inputs.Where(i => !IsLink(i.Value, out _)).OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                var entry = new KeyValuePair<string, string>($"{node.Id}.{node.Class}.{name}", Verbatim(value));
                budget -= entry.Key.Length + entry.Value.Length;
                if (budget < 0)
                {
                    Warn("parameters cut short: the graph's literal inputs exceed the size budget");
                    return result;
                }
                result.Add(entry);
            }
        return result;
    }

    public List<string> LoadedImages() =>
    [
        .. Ordered.Where(n => n.Class.StartsWith("LoadImage", StringComparison.Ordinal))
            .Select(n => n.Inputs.GetValueOrDefault("image"))
            .Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => v.GetString()!)
            .Distinct(StringComparer.Ordinal),
    ];

    private static string Verbatim(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };

    // Numeric ids ("3", "10") sort as numbers, before any other ids ("12:5" from subgraphs), which sort ordinally.
    private static int CompareIds(string a, string b)
    {
        bool aNumber = a.Length > 0 && a.All(char.IsAsciiDigit), bNumber = b.Length > 0 && b.All(char.IsAsciiDigit);
        if (aNumber != bNumber) return aNumber ? -1 : 1;
        if (!aNumber) return string.CompareOrdinal(a, b);
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
    }

    public static string Clip(string text, int length = ClipLength) => text.Length <= length ? text : text[..length] + "…";

    public static string OneLine(string text) => Clip(text.ReplaceLineEndings(" "), 4 * ClipLength);
}
