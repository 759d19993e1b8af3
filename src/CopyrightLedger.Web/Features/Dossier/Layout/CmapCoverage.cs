using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>
/// The set of Unicode code points a TrueType font maps to a glyph, read from its <c>cmap</c> table (formats 4 and
/// 12, Windows Unicode encodings), so text can fall back to another font exactly where this one has no glyph.
/// </summary>
internal sealed class CmapCoverage
{
    private static readonly ConcurrentDictionary<string, CmapCoverage> Cache = new();
    private readonly HashSet<int> _codePoints;

    private CmapCoverage(HashSet<int> codePoints) => _codePoints = codePoints;

    public bool Has(int codePoint) => _codePoints.Contains(codePoint);

    public static CmapCoverage Of(string path) => Cache.GetOrAdd(path, p => Read(File.ReadAllBytes(p)));

    internal static CmapCoverage Read(ReadOnlySpan<byte> font)
    {
        var tables = U16(font, 4);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + 16 * i;
            if (font.Slice(record, 4).SequenceEqual("cmap"u8))
                return new CmapCoverage(ReadCmap(font[(int)U32(font, record + 8)..]));
        }
        throw new InvalidDataException("The font has no cmap table.");
    }

    private static HashSet<int> ReadCmap(ReadOnlySpan<byte> cmap)
    {
        // Prefer the full-repertoire subtable (3,10) over the BMP one (3,1); (0,x) Unicode platform as a last resort.
        int best = -1, bestRank = 0;
        for (var i = 0; i < U16(cmap, 2); i++)
        {
            var platform = U16(cmap, 4 + 8 * i);
            var encoding = U16(cmap, 6 + 8 * i);
            var rank = (platform, encoding) switch { (3, 10) => 3, (3, 1) => 2, (0, _) => 1, _ => 0 };
            if (rank > bestRank) (best, bestRank) = ((int)U32(cmap, 8 + 8 * i), rank);
        }
        if (best < 0) throw new InvalidDataException("The font has no Unicode cmap subtable.");
        var table = cmap[best..];
        return U16(table, 0) switch
        {
            4 => Format4(table),
            12 => Format12(table),
            var f => throw new InvalidDataException($"Unsupported cmap format {f}."),
        };
    }

    private static HashSet<int> Format4(ReadOnlySpan<byte> t)
    {
        var set = new HashSet<int>();
        var segments = U16(t, 6) / 2;
        int ends = 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, offsets = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int end = U16(t, ends + 2 * s), start = U16(t, starts + 2 * s), delta = U16(t, deltas + 2 * s), rangeOffset = U16(t, offsets + 2 * s);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                var glyph = rangeOffset == 0
                    ? (c + delta) & 0xFFFF
                    : U16(t, offsets + 2 * s + rangeOffset + 2 * (c - start)) is var g && g != 0 ? (g + delta) & 0xFFFF : 0;
                if (glyph != 0) set.Add(c);
            }
        }
        return set;
    }

    private static HashSet<int> Format12(ReadOnlySpan<byte> t)
    {
        var set = new HashSet<int>();
        var groups = U32(t, 12);
        for (var g = 0; g < groups; g++)
        {
            var at = 16 + 12 * g;
            uint start = U32(t, at), end = U32(t, at + 4), glyph = U32(t, at + 8);
            for (var c = start; c <= end; c++)
                if (glyph + (c - start) != 0) set.Add((int)c);
        }
        return set;
    }

    private static int U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);
}
