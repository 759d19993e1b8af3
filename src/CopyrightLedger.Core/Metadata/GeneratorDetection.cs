using System.Text.Json;
using CopyrightLedger.Core.Generation;
using CopyrightLedger.Core.Generation.ComfyUi;
using CopyrightLedger.Core.Generation.Fooocus;
using CopyrightLedger.Core.Generation.InvokeAi;
using CopyrightLedger.Core.Generation.Midjourney;
using CopyrightLedger.Core.Generation.NovelAi;
using CopyrightLedger.Core.Generation.SwarmUi;

namespace CopyrightLedger.Core.Metadata;

/// <summary>
/// Decides which generator wrote a file's text entries, in the order docs/FORMATS.md gives (after enslo/sd-metadata's
/// detect.ts): NovelAI, InvokeAI 3+, InvokeAI 2, Fooocus, SwarmUI, JSON parameters, A1111-family text, ComfyUI,
/// Midjourney. The first match wins; later candidates are not consulted, so one file yields one record.
/// </summary>
public static class GeneratorDetection
{
    public static GenerationInfo? Detect(IReadOnlyList<TextEntry> text)
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in text) byKey.TryAdd(t.Key, t.Text);
        string? Get(string key) => byKey.GetValueOrDefault(key);

        if (NovelAiReader.IsNovelAi(byKey)) return NovelAiReader.Read(byKey);
        if (Get("invokeai_metadata") is { } invoke) return InvokeAiReader.ReadV3(invoke);
        if (Get("sd-metadata") is not null || Get("Dream") is not null) return InvokeAiReader.ReadV2(Get("sd-metadata"), Get("Dream"));
        var parameters = Get("parameters");
        if (Get("fooocus_scheme") is { } scheme && parameters is not null) return FooocusReader.Read(parameters, scheme);
        if (parameters is not null)
        {
            if (SwarmUiReader.IsSwarm(parameters)) return SwarmUiReader.Read(parameters);
            // A prompt may itself start with '{' (dynamic prompts), so only valid JSON takes the JSON path.
            if (IsJsonObject(parameters)) return FooocusReader.Read(parameters, "fooocus");
            var info = A1111Infotext.Parse(parameters);
            if (info.Parameters.Count > 0 || Get("prompt") is null) return info.ToGenerationInfo();
        }
        if (Get("prompt") is { } graph && graph.AsSpan().TrimStart().StartsWith("{")) return ComfyUiReader.Read(graph, Get("workflow"));
        if (MidjourneyReader.IsMidjourney(Get("Description"))) return MidjourneyReader.Read(Get("Description")!, Get("Author"));
        return null;
    }

    private static bool IsJsonObject(string s)
    {
        var t = s.AsSpan().TrimStart();
        if (t.Length == 0 || t[0] != '{') return false;
        try
        {
            using var _ = JsonDocument.Parse(s, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth });
            return true;
        }
        catch (JsonException) { return false; }
    }
}
