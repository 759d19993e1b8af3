using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CopyrightLedger.Core.Evidence;

namespace CopyrightLedger.Core.Generation;

/// <summary>
/// The AUTOMATIC1111 / Forge / SD.Next "infotext" (the PNG <c>parameters</c> text): prompt lines, an optional
/// <c>Negative prompt:</c> line and the lines after it, then one last line of <c>Key: value</c> pairs. Read the way
/// A1111's <c>parse_generation_parameters</c> reads it, plus Civitai's unquoted JSON values, which break A1111's regex.
/// </summary>
public sealed partial record A1111Infotext(string Prompt, string NegativePrompt, IReadOnlyList<KeyValuePair<string, string>> Parameters, string ParametersLine)
{
    private const string NegativeMarker = "Negative prompt:";

    // A1111's own pattern (modules/infotext_utils.py): used to decide whether the last line is a parameter line.
    [GeneratedRegex("""\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)""")]
    private static partial Regex PairPattern();

    [GeneratedRegex(@"^\s*(\d+)\s*x\s*(\d+)\s*$")]
    private static partial Regex SizePattern();

    private static bool HasAtLeastThreePairs(string line)
    {
        var n = 0;
        foreach (var _ in PairPattern().EnumerateMatches(line))
            if (++n == 3) return true; // no need to match the rest of a long parameter line
        return false;
    }

    public static A1111Infotext Parse(string text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n').ToList();
        var parametersLine = "";
        var parameters = new List<KeyValuePair<string, string>>();
        if (lines.Count > 0 && HasAtLeastThreePairs(lines[^1]))
        {
            parametersLine = lines[^1].Trim();
            lines.RemoveAt(lines.Count - 1);
            parameters = SplitPairs(parametersLine);
        }

        var prompt = new StringBuilder();
        var negative = new StringBuilder();
        var inNegative = false;
        foreach (var raw in lines)
        {
            var line = raw;
            if (!inNegative && line.TrimStart().StartsWith(NegativeMarker, StringComparison.Ordinal))
            {
                inNegative = true;
                line = line.TrimStart()[NegativeMarker.Length..];
            }
            var target = inNegative ? negative : prompt;
            if (target.Length > 0) target.Append('\n');
            target.Append(line.Trim());
        }
        return new A1111Infotext(prompt.ToString().Trim(), negative.ToString().Trim(), parameters, parametersLine);
    }

    /// <summary>The first value under <paramref name="key"/> (case-sensitive, as A1111 writes keys), or null.</summary>
    public string? Get(string key) => Parameters.FirstOrDefault(p => p.Key == key) is { Key: not null } kv ? kv.Value : null;

    /// <summary>Which program wrote this infotext: <c>a1111</c>, <c>forge</c>, <c>forge-neo</c>, <c>sdnext</c> or <c>comfyui</c>.</summary>
    public string Generator
    {
        get
        {
            var version = Get("Version") ?? "";
            if (Get("App") == "SD.Next") return "sdnext";
            if (version == "ComfyUI") return "comfyui";
            if (version.StartsWith("neo", StringComparison.Ordinal)) return "forge-neo";
            if (version.Length > 1 && version[0] == 'f' && char.IsAsciiDigit(version[1])) return "forge";
            return "a1111";
        }
    }

    public GenerationSettings ToSettings()
    {
        var seed = Get("Seed");
        int? width = null, height = null;
        if (Get("Size") is { } size && SizePattern().Match(size) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var w) && int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var h)
            && w > 0 && h > 0)
        {
            width = w;
            height = h;
        }
        return new GenerationSettings(
            Seed: seed is not null && Iteration.IsSeed(seed) ? seed : null,
            Steps: Int(Get("Steps")),
            CfgScale: Double(Get("CFG scale")),
            Sampler: Get("Sampler"),
            Scheduler: Get("Schedule type"),
            Width: width,
            Height: height,
            Denoise: Double(Get("Denoising strength")) is { } d && d is >= 0 and <= 1 ? d : null);
    }

    /// <summary>The shared shape of generation metadata, for <c>inspect</c> and the importer.</summary>
    public Metadata.GenerationInfo ToGenerationInfo(string? generator = null)
    {
        var s = ToSettings();
        var initImage = Get("Init image hash");
        return new Metadata.GenerationInfo
        {
            Generator = generator ?? Generator,
            GeneratorVersion = Get("Version"),
            Prompt = Prompt,
            NegativePrompt = NegativePrompt,
            Seed = s.Seed,
            Steps = s.Steps,
            CfgScale = s.CfgScale,
            Sampler = s.Sampler,
            Scheduler = s.Scheduler,
            Model = Get("Model"),
            ModelHash = Get("Model hash"),
            Width = s.Width,
            Height = s.Height,
            Denoise = s.Denoise,
            Loras = Loras(),
            Parameters = Parameters,
            InputImages = initImage is null ? [] : [initImage],
            Mode = initImage is not null ? (Get("Mask blur") is not null ? "inpaint" : "img2img") : null,
        };
    }

    [GeneratedRegex(@"<lora:([^:>]+):([-+]?[0-9]*\.?[0-9]+)[^>]*>")]
    private static partial Regex PromptLora();

    /// <summary>LoRAs from <c>&lt;lora:name:weight&gt;</c> in the prompt, with hashes from <c>Lora hashes: "name: hash, ..."</c>.</summary>
    private List<Metadata.LoraRef> Loras()
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in (Get("Lora hashes") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (part.Split(':', 2, StringSplitOptions.TrimEntries) is [var name, var hash]) hashes.TryAdd(name, hash);
        var result = new List<Metadata.LoraRef>();
        foreach (Match m in PromptLora().Matches(Prompt))
        {
            var name = m.Groups[1].Value;
            result.Add(new(name, Double(m.Groups[2].Value), hashes.GetValueOrDefault(name)));
            hashes.Remove(name);
        }
        result.AddRange(hashes.Select(h => new Metadata.LoraRef(h.Key, null, h.Value)));
        return result;
    }

    /// <summary>Writes an infotext the way A1111 does (<c>create_infotext</c>): values with ',', ':' or a newline are JSON-quoted.</summary>
    public static string Format(string prompt, string negativePrompt, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder(prompt);
        if (!string.IsNullOrEmpty(negativePrompt)) sb.Append('\n').Append(NegativeMarker).Append(' ').Append(negativePrompt);
        var line = string.Join(", ", parameters.Select(p => p.Key == p.Value ? p.Key : $"{p.Key}: {Quote(p.Value)}"));
        if (line.Length > 0) sb.Append('\n').Append(line);
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonQuote = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string value) =>
        value.Contains(',') || value.Contains('\n') || value.Contains(':') ? JsonSerializer.Serialize(value, JsonQuote) : value;

    /// <summary>
    /// Splits <c>k: v, k: "quoted, value", k: [json, array], k: {"json": "object"}</c>, tracking quotes and brackets,
    /// so Civitai's unquoted JSON extras stay whole.
    /// </summary>
    private static List<KeyValuePair<string, string>> SplitPairs(string line)
    {
        var result = new List<KeyValuePair<string, string>>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == ',')) i++;
            if (i >= line.Length) break;
            var start = i;
            var depth = 0;
            var inQuote = false;
            var colon = -1;
            for (; i < line.Length; i++)
            {
                var c = line[i];
                if (inQuote)
                {
                    if (c == '\\') i++;
                    else if (c == '"') inQuote = false;
                    continue;
                }
                if (c == '"') inQuote = true;
                else if (c is '[' or '{') depth++;
                else if (c is ']' or '}') depth = Math.Max(0, depth - 1);
                else if (c == ':' && colon < 0 && depth == 0) colon = i;
                else if (c == ',' && depth == 0) break;
            }
            var item = line[start..i];
            if (colon < 0)
            {
                var bare = item.Trim();
                if (bare.Length > 0) result.Add(new(bare, bare)); // a key whose value equals the key is written bare
                continue;
            }
            var key = line[start..colon].Trim();
            var value = line[(colon + 1)..i].Trim();
            result.Add(new(key, Unquote(value)));
        }
        return result;
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"') return value;
        try { return JsonSerializer.Deserialize<string>(value) ?? value; }
        catch (JsonException) { return value; }
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Double(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
