using System.Formats.Asn1;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CopyrightLedger.Core.Ledger;
using static CopyrightLedger.Web.Features.Shared.VisibleText;


namespace CopyrightLedger.Web.Ledger;

/// <summary>The formats a bundle's parts must have, read strictly: events, checkpoint texts, manifest lines.</summary>
public static partial class BundleVerifier
{
    /// <summary>What the checks need of one event, read once as it streams by.</summary>
    private sealed record EventFacts(long Sequence, string Hash, string? Chain, long Version, DateTime At, string? Prev, IReadOnlyList<string> Blobs)
    {
        public static EventFacts Of(string json, string hash, long position, Run run)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var e = doc.RootElement;
                var seq = e.TryGetProperty("seq", out var s) && s.TryGetInt64(out var n) ? n : position;
                var at = e.TryGetProperty("at", out var a) && a.ValueKind == JsonValueKind.String
                    && DateTime.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : DateTime.MinValue;
                var blobs = new List<string>();
                if (e.TryGetProperty("blobs", out var b) && b.ValueKind == JsonValueKind.Array)
                    foreach (var x in b.EnumerateArray())
                        if (x.ValueKind == JsonValueKind.String && Sha256Name().IsMatch(x.GetString()!)) blobs.Add(x.GetString()!);
                        else run.Fail($"events.jsonl: event {seq} refers to a file by something that is not a SHA-256");
                return new EventFacts(seq, hash, Str(e, "chain"), e.TryGetProperty("v", out var v) && v.TryGetInt64(out var vn) ? vn : 0, at, Str(e, "prev"), blobs);
            }
            catch (JsonException) { return new EventFacts(position, hash, null, 0, DateTime.MinValue, null, []); } // the chain check names it
        }
    }

    /// <summary>A checkpoint text parsed strictly: exactly the lines <see cref="LedgerCheckpoint.FormatBody"/> writes.</summary>
    internal sealed record Checkpoint(string Chain, long Size, string Root, DateTime Time, string KeyId)
    {
        public static Checkpoint? Parse(string text)
        {
            var m = CheckpointText().Match(text);
            if (!m.Success || !long.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var size)
                || !DateTime.TryParseExact(m.Groups[4].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
                return null;
            return new Checkpoint(m.Groups[1].Value, size, m.Groups[3].Value, time, m.Groups[5].Value);
        }
    }

    /// <summary>A string member, or null when it is absent, not a string, or not valid UTF-8 (JsonDocument checks that only when asked).</summary>
    private static string? Str(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
        try { return v.GetString(); }
        catch (InvalidOperationException) { return null; }
    }

    private static string Ranges(IReadOnlyList<long> numbers) =>
        numbers.Count <= 10 ? string.Join(", ", numbers) : $"{string.Join(", ", numbers.Take(10))} and {numbers.Count - 10} more";

    [GeneratedRegex(@"\A([0-9a-f]{64})  ([^\n]+)\z")]
    private static partial Regex ManifestLine();

    [GeneratedRegex(@"\A[0-9a-f]{64}\z")]
    private static partial Regex Sha256Name();

    [GeneratedRegex(@"\ACopyrightLedger checkpoint v1\nchain ([0-9a-z-]{1,64})\nsize ([1-9][0-9]{0,17})\nroot ([0-9a-f]{64})\ntime ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)\nkey ([0-9a-f]{16})\n\z")]
    private static partial Regex CheckpointText();
}
