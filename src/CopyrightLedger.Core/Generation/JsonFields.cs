using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Generation;

/// <summary>
/// Typed reads of one JSON object's members (or an array's items) for the generator readers. Numbers may come as numbers
/// or as numeric strings; a value of the wrong type or out of range is left out with a warning that names the format.
/// </summary>
/// <param name="source">The object (or array) read; any other kind reads as empty.</param>
/// <param name="format">The format named in warnings, e.g. <c>InvokeAI</c>.</param>
/// <param name="warnings">Where warnings go.</param>
/// <param name="lenient">As SwarmUI writes values: booleans read as text, and a seed may carry surrounding spaces.</param>
internal sealed class JsonFields(JsonElement source, string format, List<string> warnings, bool lenient = false)
{
    /// <summary>
    /// Parses a JSON object within <see cref="ReadLimits.MaxJsonDepth"/>, or throws <see cref="MetadataFormatException"/>
    /// naming <paramref name="subject"/>, e.g. <c>"Fooocus parameters"</c> with <paramref name="verb"/> <c>"are"</c>.
    /// </summary>
    /// <param name="requiredObject">A member that must hold an object too, if named.</param>
    public static JsonDocument Parse(string json, string subject, string verb = "is", string? requiredObject = null)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxJsonDepth }); }
        catch (JsonException e) { throw new MetadataFormatException($"{subject} {verb} not valid JSON: {e.Message.ReplaceLineEndings(" ")}"); }
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object
            && (requiredObject is null || root.TryGetProperty(requiredObject, out var member) && member.ValueKind == JsonValueKind.Object))
            return document;
        document.Dispose();
        throw new MetadataFormatException(requiredObject is null
            ? $"{subject} {verb} not a JSON object."
            : $"{subject} {verb} not a JSON object with a {requiredObject} object.");
    }

    public JsonFields With(JsonElement other) => new(other, format, warnings, lenient);

    public JsonElement? Get(string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public JsonFields Object(string name) => With(Get(name) ?? default);

    public string? Text(string name) => Scalar(name, Get(name));

    /// <summary>An array item, named <c>[index]</c> in warnings.</summary>
    public string? Text(int index) => Scalar($"[{index}]", source[index].ValueKind == JsonValueKind.Null ? null : source[index]);

    /// <summary>A list written as a JSON array or as one comma-separated string.</summary>
    public List<string> List(string name) => Get(name) switch
    {
        { ValueKind: JsonValueKind.Array } v => [.. v.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText())],
        { ValueKind: JsonValueKind.String } v => [.. v.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    public string? Seed(string name)
    {
        if (Text(name) is not { } s) return null;
        var seed = lenient ? s.Trim() : s;
        return Iteration.IsSeed(seed) ? seed : Reject(name, s);
    }

    public int? Int(string name, int min)
    {
        if (Text(name) is not { } s) return null;
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
        Reject(name, s);
        return null;
    }

    public double? Double(string name, double min = double.MinValue, double max = double.MaxValue) => Number(name, Text(name), min, max);

    /// <summary>An array item, named <c>[index]</c> in warnings.</summary>
    public double? Double(int index) => Number($"[{index}]", Text(index), double.MinValue, double.MaxValue);

    /// <summary>Every member as a dotted key and its verbatim value (arrays as JSON text), within a few times the input's size.</summary>
    public List<KeyValuePair<string, string>> Flatten(int inputLength)
    {
        var result = new List<KeyValuePair<string, string>>();
        Flatten(inputLength, result, "");
        return result;
    }

    /// <summary>As <see cref="Flatten(int)"/>, adding to <paramref name="into"/> with keys under <paramref name="prefix"/>.</summary>
    public void Flatten(int inputLength, List<KeyValuePair<string, string>> into, string prefix)
    {
        var budget = (int)Math.Min(int.MaxValue, 4L * inputLength + 4096);
        Flatten(source, prefix, into, ref budget);
        if (budget < 0) warnings.Add($"{format} parameters cut short: they exceed the size budget");
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

    private double? Number(string name, string? text, double min, double max)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max) return v;
        Reject(name, text);
        return null;
    }

    private string? Scalar(string name, JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v => v.GetRawText(),
        { ValueKind: JsonValueKind.True or JsonValueKind.False } v when lenient => v.GetRawText(),
        { } v => Reject(name, v.GetRawText()),
    };

    private string? Reject(string name, string value)
    {
        warnings.Add($"{format} {name} '{(value.Length <= 40 ? value : value[..40] + "…")}' is out of range or of the wrong type; left empty");
        return null;
    }
}
