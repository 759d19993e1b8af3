using System.Text.Json;
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
        using var document = JsonFields.Parse(comment, $"{Format} Comment");
        var fields = new JsonFields(document.RootElement, Format, warnings);
        var caption = fields.Object("v4_prompt").Object("caption");
        var negativeCaption = fields.Object("v4_negative_prompt").Object("caption");
        fields.Flatten(comment.Length, parameters, "Comment");
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
    private static IEnumerable<KeyValuePair<string, string>> CharacterCaptions(JsonFields caption, string key)
    {
        if (caption.Get("char_captions") is not { ValueKind: JsonValueKind.Array } characters) yield break;
        var number = 0;
        foreach (var character in characters.EnumerateArray())
        {
            number++;
            if (caption.With(character).Text("char_caption") is { } text) yield return new($"{key}.{number}", text);
        }
    }
}
