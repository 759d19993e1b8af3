using System.Globalization;
using System.Text;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation.InvokeAi;

/// <summary>
/// InvokeAI 2.x's text syntax: the negative prompt written as <c>[...]</c> inside the prompt, and the <c>Dream</c> command
/// line (<c>"prompt [neg]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms</c>) as InvokeAI 2.x writes it beside sd-metadata.
/// </summary>
internal static class InvokeAi2Syntax
{
    private const string Format = "InvokeAI Dream";

    /// <summary>Takes every top-level <c>[...]</c> part out of the prompt; they are the negative prompt, joined by spaces.</summary>
    public static (string? Prompt, string? Negative) SplitNegative(string? text)
    {
        if (text is null) return (null, null);
        var prompt = new StringBuilder(text.Length);
        var negatives = new List<string>();
        int depth = 0, open = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '[' && depth++ == 0) open = i;
            else if (c == ']' && depth > 0 && --depth == 0)
            {
                negatives.Add(text[(open + 1)..i].Trim());
                // Removing "b [x] c" would leave two spaces at the seam.
                while (i + 1 < text.Length && text[i + 1] == ' ' && (prompt.Length == 0 || prompt[^1] == ' ')) i++;
            }
            else if (depth == 0) prompt.Append(c);
        }
        if (depth > 0) return (text.Trim(), null); // an unclosed '[' is text, not a negative prompt
        return (prompt.ToString().Trim(), negatives.Count == 0 ? null : string.Join(' ', negatives));
    }

    public static GenerationInfo Read(string commandLine, List<string> warnings)
    {
        var tokens = Tokenize(commandLine);
        string? prompt = null;
        var options = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsOption(token)) { prompt ??= token; continue; }
            var value = i + 1 < tokens.Count && !IsOption(tokens[i + 1]) ? tokens[++i] : "";
            options.Add(new(token, value));
        }
        string? Option(string shortName, string longName) =>
            options.LastOrDefault(o => o.Key == shortName || o.Key == longName).Value;
        var (positive, negative) = SplitNegative(prompt);
        var init = Option("-I", "--init_img");
        return new GenerationInfo
        {
            Generator = "invokeai",
            Prompt = positive,
            NegativePrompt = negative,
            Seed = Seed(Option("-S", "--seed"), warnings),
            Steps = Int(Option("-s", "--steps"), "steps", 0, warnings),
            Width = Int(Option("-W", "--width"), "width", 1, warnings),
            Height = Int(Option("-H", "--height"), "height", 1, warnings),
            CfgScale = Double(Option("-C", "--cfg_scale"), "cfg_scale", double.MinValue, double.MaxValue, warnings),
            Sampler = Option("-A", "--sampler"),
            Denoise = Double(Option("-f", "--strength"), "strength", 0, 1, warnings),
            InputImages = string.IsNullOrEmpty(init) ? [] : [init],
            Mode = string.IsNullOrEmpty(init) ? null : "img2img",
            Parameters = [.. options.Select(o => new KeyValuePair<string, string>($"Dream {o.Key}", o.Value))],
        };
    }

    // "-S" and "--seed" are options; "-1" is a value.
    private static bool IsOption(string token) => token.Length > 1 && token[0] == '-' && !char.IsAsciiDigit(token[1]) && token[1] != '.';

    /// <summary>Splits at whitespace outside double quotes; inside quotes <c>\"</c> and <c>\\</c> are escapes.</summary>
    private static List<string> Tokenize(string commandLine)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, started = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\') current.Append(commandLine[++i]);
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = started = true;
            else if (!char.IsWhiteSpace(c)) { current.Append(c); started = true; }
            else if (started)
            {
                tokens.Add(current.ToString());
                current.Clear();
                started = false;
            }
        }
        if (quoted) throw new MetadataFormatException($"{Format} command line has an unclosed quote.");
        if (started) tokens.Add(current.ToString());
        return tokens;
    }

    private static string? Seed(string? text, List<string> warnings) =>
        text is null || Iteration.IsSeed(text) ? text : Reject("seed", text, warnings);

    private static int? Int(string? text, string field, int min, List<string> warnings)
    {
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        Reject(field, text, warnings);
        return null;
    }

    private static double? Double(string? text, string field, double min, double max, List<string> warnings)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max) return v;
        Reject(field, text, warnings);
        return null;
    }

    private static string? Reject(string field, string value, List<string> warnings)
    {
        warnings.Add($"{Format} {field} '{(value.Length <= 40 ? value : value[..40] + "…")}' is out of range or of the wrong type; left empty");
        return null;
    }
}
