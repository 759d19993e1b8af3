using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CopyrightLedger.Core.Ledger;

/// <summary>
/// The JSON Canonicalization Scheme of RFC 8785, which every ledger event is hashed in: object members sorted by
/// their names' UTF-16 code units, no insignificant whitespace, strings with only the escapes JSON requires
/// (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other controls as <c>\u00xx</c>) and every other character as
/// UTF-8, numbers in ECMAScript's shortest round-trip form. Anyone can recompute an event's hash with a JCS library
/// (Python <c>jcs</c>, Go <c>webpki.org/jsoncanonicalizer</c>, Java <c>erdtman/java-json-canonicalization</c>).
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    public static byte[] Utf8(JsonNode? node) => Encoding.UTF8.GetBytes(Serialize(node));

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (name, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, name);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, a[i]);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                WriteValue(sb, v);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue v)
    {
        var element = v.TryGetValue<JsonElement>(out var e) ? e : JsonSerializer.SerializeToElement(v);
        switch (element.ValueKind)
        {
            case JsonValueKind.String: WriteString(sb, element.GetString()!); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            case JsonValueKind.Number: sb.Append(Number(element.GetDouble())); break;
            default: throw new ArgumentException($"Cannot canonicalize a {element.ValueKind}.");
        }
    }

    /// <summary>ECMAScript Number.prototype.toString for finite doubles (RFC 8785 section 3.2.2.3).</summary>
    public static string Number(double d)
    {
        if (!double.IsFinite(d)) throw new ArgumentException("JSON has no NaN or infinity.");
        if (d == 0) return "0";
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        if (e < 0) return r;
        // .NET writes 1E+21 and 1E-07; ECMAScript writes 1e+21 and 1e-7, and plain digits from 1e-6 up to 1e21.
        var mantissa = r[..e];
        var exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        if (exponent is >= -6 and < 21) return decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        return $"{mantissa}e{(exponent > 0 ? "+" : "-")}{Math.Abs(exponent)}";
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
