using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.NovelAi;

/// <summary>
/// Reads NovelAI's PNG text entries as NovelAI writes them: <c>Description</c> (the prompt), <c>Source</c> (the model,
/// with an 8-hex hash) and <c>Comment</c>, a JSON object with the settings and, from V4 on, the structured prompt.
/// </summary>
public static class NovelAiReader
{
    private const string Format = "NovelAI";
    private static readonly string[] TextKeys = ["Title", "Description", "Software", "Source", "Generation time"];

    public static bool IsNovelAi(IReadOnlyDictionary<string, string> text) =>
        text is not null && text.TryGetValue("Software", out var software) && software == "NovelAI";

    public static GenerationInfo Read(IReadOnlyDictionary<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var description = text.GetValueOrDefault("Description");
        var comment = text.GetValueOrDefault("Comment");
        if (description is null && comment is null) throw new MetadataFormatException($"{Format} image has neither a Description nor a Comment.");
        var source = text.GetValueOrDefault("Source");
        var warnings = new List<string>();
        var parameters = TextKeys.Where(text.ContainsKey).Select(k => new KeyValuePair<string, string>(k, text[k])).ToList();
        var info = new GenerationInfo
        {
            Generator = "novelai",
            Prompt = description,
            Model = source,
            ModelHash = source?.Split(' ').LastOrDefault(t => t.Length == 8 && t.All(char.IsAsciiHexDigit)),
            Parameters = parameters,
            Warnings = warnings,
        };
        return comment is null ? info : WithComment(info, comment, parameters, warnings);
    }

    private static GenerationInfo WithComment(GenerationInfo info, string comment, List<KeyValuePair<string, string>> parameters, List<string> warnings)
    {
        using var document = Parse(comment);
        var fields = new Fields(document.RootElement, warnings);
        var caption = fields.Object("v4_prompt").Object("caption");
        var negativeCaption = fields.Object("v4_negative_prompt").Object("caption");
        Flatten(document.RootElement, "Comment", comment.Length, parameters, warnings);
        parameters.AddRange(CharacterCaptions(caption, "char_caption"));
        parameters.AddRange(CharacterCaptions(negativeCaption, "negative_char_caption"));
        return info with
        {
            Prompt = fields.Text("prompt") ?? caption.Text("base_caption") ?? info.Prompt,
            NegativePrompt = fields.Text("uc") ?? negativeCaption.Text("base_caption"),
            Seed = fields.Seed("seed"),
            Steps = fields.Int("steps", min: 0),
            Width = fields.Int("width", min: 1),
            Height = fields.Int("height", min: 1),
            CfgScale = fields.Double("scale"),
            Sampler = fields.Text("sampler"),
            Scheduler = fields.Text("noise_schedule"),
            Denoise = fields.Double("strength", 0, 1),
        };
    }

    /// <summary>V4's per-character prompts, numbered from 1 as NovelAI's interface numbers them.</summary>
    private static IEnumerable<KeyValuePair<string, string>> CharacterCaptions(Fields caption, string key)
    {
        if (caption.Get("char_captions") is not { ValueKind: JsonValueKind.Array } characters) yield break;
        var number = 0;
        foreach (var character in characters.EnumerateArray())
        {
            number++;
            if (caption.With(character).Text("char_caption") is { } text) yield return new($"{key}.{number}", text);
        }
    }

    private static JsonDocument Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth }); }
        catch (JsonException e) { throw new MetadataFormatException($"{Format} Comment is not valid JSON: {e.Message.ReplaceLineEndings(" ")}"); }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
        document.Dispose();
        throw new MetadataFormatException($"{Format} Comment is not a JSON object.");
    }

    /// <summary>Every member as a dotted key and its verbatim value (arrays as JSON text), within a few times the input's size.</summary>
    private static void Flatten(JsonElement root, string prefix, int inputLength, List<KeyValuePair<string, string>> into, List<string> warnings)
    {
        var budget = (int)Math.Min(int.MaxValue, 4L * inputLength + 4096);
        Flatten(root, prefix, into, ref budget);
        if (budget < 0) warnings.Add($"{Format} parameters cut short: they exceed the size budget");
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

    /// <summary>Typed reads of one JSON object's members; a value of the wrong type or out of range is left out with a warning.</summary>
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
            { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
            { } v => Reject(name, v.GetRawText()),
        };

        public string? Seed(string name) => Text(name) is not { } s ? null : Iteration.IsSeed(s) ? s : Reject(name, s);

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
