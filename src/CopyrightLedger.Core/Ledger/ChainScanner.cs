using System.Buffers.Text;
using System.Security.Cryptography;

namespace CopyrightLedger.Core.Ledger;

/// <summary>
/// Checks a chain stored as JSON Lines (a bundle's <c>events.jsonl</c>) at the speed of SHA-256: every line is
/// hashed (in parallel), then each line's top-level <c>"seq":N</c> and <c>"prev":"…"</c> are compared with the
/// expected sequence and the previous line's hash, without parsing the JSON. In canonical JSON (RFC 8785) the
/// top-level <c>prev</c> is the first member of that name, because members are sorted and every string escapes its
/// quotes; the full check (<see cref="EventChain.Verify"/>) also re-canonicalizes each event.
/// </summary>
public static class ChainScanner
{
    private static readonly byte[] PrevKey = "\"prev\":\""u8.ToArray();
    private static readonly byte[] SeqKey = ",\"seq\":"u8.ToArray();

    public sealed record Result(long Events, string? LastHash, IReadOnlyList<string> Problems);

    /// <summary>Computes SHA-256 digests, one line at a time; one instance per thread.</summary>
    public interface IHasher : IDisposable
    {
        void Hash(ReadOnlySpan<byte> data, Span<byte> digest);
    }

    private sealed class ManagedHasher : IHasher
    {
        public void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => SHA256.HashData(data, digest);
        public void Dispose() { }
    }

    /// <param name="hashers">Makes a hasher per thread; .NET's SHA-256 when null. The caller may pass a faster one
    /// (the app reuses native digest contexts), as long as it computes SHA-256.</param>
    public static Result Scan(ReadOnlyMemory<byte> jsonl, int maxProblems = 100, Func<IHasher>? hashers = null)
    {
        var lines = SplitLines(jsonl);
        var hashes = new byte[lines.Count * 32];
        // Both passes run on every core: first every line's hash, then every line against the hash before it.
        hashers ??= () => new ManagedHasher();
        Parallel.For(0, (lines.Count + 4095) / 4096, hashers, (block, _, hasher) =>
        {
            for (var i = block * 4096; i < Math.Min(lines.Count, (block + 1) * 4096); i++)
                hasher.Hash(jsonl.Span.Slice(lines[i].Start, lines[i].Length), hashes.AsSpan(i * 32, 32));
            return hasher;
        }, hasher => hasher.Dispose());
        var problems = new System.Collections.Concurrent.ConcurrentBag<(int Line, string Problem)>();
        ForBlocks(lines.Count, i =>
        {
            var line = jsonl.Span.Slice(lines[i].Start, lines[i].Length);
            var at = line.IndexOf(PrevKey);
            Span<byte> prev = stackalloc byte[32];
            if (at < 0 || line.Length < at + PrevKey.Length + 64 || !TryParseHex(line.Slice(at + PrevKey.Length, 64), prev))
                problems.Add((i, $"event {i + 1}: no prev"));
            else if (i == 0 ? prev.ContainsAnyExcept((byte)0) : !prev.SequenceEqual(hashes.AsSpan((i - 1) * 32, 32)))
                problems.Add((i, $"event {i + 1}: prev does not match the hash of event {i}"));
            var s = line.LastIndexOf(SeqKey); // the top-level seq comes last but for v
            if (s < 0 || !Utf8Parser.TryParse(line[(s + SeqKey.Length)..], out long seq, out _) || seq != i + 1)
                problems.Add((i, $"event {i + 1}: expected sequence {i + 1}"));
        });
        var last = lines.Count == 0 ? null : Convert.ToHexStringLower(hashes.AsSpan((lines.Count - 1) * 32, 32));
        return new Result(lines.Count, last, problems.OrderBy(p => p.Line).ThenBy(p => p.Problem, StringComparer.Ordinal).Take(maxProblems).Select(p => p.Problem).ToList());
    }

    private static void ForBlocks(int count, Action<int> body) =>
        Parallel.For(0, (count + 4095) / 4096, block =>
        {
            for (var i = block * 4096; i < Math.Min(count, (block + 1) * 4096); i++) body(i);
        });

    private static bool TryParseHex(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            int hi = Nibble(hex[2 * i]), lo = Nibble(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            bytes[i] = (byte)(hi << 4 | lo);
        }
        return true;
    }

    // Lower case only: canonical events write hashes in lower-case hex.
    private static int Nibble(byte c) => c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : -1;

    /// <summary>Line boundaries, found on every core: the text is cut into pieces at newlines and each piece scanned.</summary>
    private static List<(int Start, int Length)> SplitLines(ReadOnlyMemory<byte> memory)
    {
        var text = memory.Span;
        var pieces = Math.Max(1, Math.Min(64, text.Length / (1 << 20)));
        var cuts = new List<int> { 0 };
        for (var p = 1; p < pieces; p++)
        {
            var guess = (int)((long)text.Length * p / pieces);
            var newline = text[guess..].IndexOf((byte)'\n');
            if (newline >= 0 && guess + newline + 1 > cuts[^1]) cuts.Add(guess + newline + 1);
        }
        cuts.Add(text.Length);
        var parts = new List<(int, int)>[cuts.Count - 1];
        Parallel.For(0, parts.Length, p => parts[p] = LinesIn(memory.Span, cuts[p], cuts[p + 1]));
        return parts.SelectMany(p => p).ToList();
    }

    private static List<(int Start, int Length)> LinesIn(ReadOnlySpan<byte> text, int from, int to)
    {
        var lines = new List<(int, int)>();
        var start = from;
        while (start < to)
        {
            var end = text[start..to].IndexOf((byte)'\n');
            var length = end < 0 ? to - start : end;
            if (length > 0) lines.Add((start, length));
            start += length + 1;
        }
        return lines;
    }
}
