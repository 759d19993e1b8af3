using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CopyrightLedger.Core.Ledger;

/// <summary>One stored event: its place in its chain, the canonical JSON that was hashed, and the hash.</summary>
public sealed record ChainLink(long Sequence, string Json, string Hash);

/// <summary>
/// The rules of a ledger chain. Each event is a canonical JSON object (<see cref="CanonicalJson"/>) holding, among
/// its own fields, <c>seq</c> (1, 2, 3, … with no gaps) and <c>prev</c> (the previous event's hash, or 64 zeros for
/// the first); its hash is the SHA-256 of its UTF-8 bytes. Changing, removing or reordering any event breaks every
/// link after it.
/// </summary>
public static class EventChain
{
    public static readonly string Genesis = new('0', 64);

    public static string Hash(string canonicalJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>Every problem found, in chain order; empty when the chain holds.</summary>
    public static IReadOnlyList<string> Verify(IEnumerable<ChainLink> links)
    {
        var problems = new List<string>();
        var expectedPrev = Genesis;
        long expectedSeq = 1;
        foreach (var link in links)
        {
            var at = $"event {link.Sequence}";
            if (link.Sequence != expectedSeq) problems.Add($"{at}: expected sequence {expectedSeq}");
            var actual = Hash(link.Json);
            if (actual != link.Hash) problems.Add($"{at}: its JSON hashes to {actual}, not to the stored {link.Hash}");
            try
            {
                using var doc = JsonDocument.Parse(link.Json);
                var root = doc.RootElement;
                if (root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var s) && s != link.Sequence)
                    problems.Add($"{at}: its JSON says sequence {s}");
                var prev = root.TryGetProperty("prev", out var p) ? p.GetString() : null;
                if (prev != expectedPrev) problems.Add($"{at}: prev is {prev}, but the event before it hashes to {expectedPrev}");
                if (CanonicalJson.Serialize(System.Text.Json.Nodes.JsonNode.Parse(link.Json)) != link.Json)
                    problems.Add($"{at}: its JSON is not in canonical form (RFC 8785)");
            }
            catch (JsonException e)
            {
                problems.Add($"{at}: not JSON ({e.Message})");
            }
            expectedPrev = actual; // the next event must point at what this one really hashes to
            expectedSeq = link.Sequence + 1;
        }
        return problems;
    }
}
