using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Fixtures;

public enum StepKind { Flip, Length32, Length16, Truncate, Splice, Nest, FixPngCrcs }

/// <summary>One mutation; its three numbers are taken modulo what the bytes offer when it is applied, so any numbers make a valid step.</summary>
public sealed record Step(StepKind Kind, int A, int B, int C)
{
    public override string ToString() => $"{Kind}({A},{B},{C})";
}

/// <summary>A seed of the corpus and the steps that damage it: what FsCheck generates, shrinks and prints.</summary>
/// <remarks>With <paramref name="FixCrcs"/>, a PNG's CRCs are made right after the steps, so the damage reaches the chunk parsers.</remarks>
public sealed record FuzzCase(int Seed, Step[] Steps, bool FixCrcs)
{
    public override string ToString() => $"seed #{Seed} [{string.Join(", ", Steps.Select(s => s.ToString()))}]{(FixCrcs ? " then CRCs fixed" : "")}";
}

/// <summary>
/// Mutations that matter for these formats: bit flips; hostile values in the 32-bit length fields found beside a
/// chunk or box type (big-endian before it: PNG, ISO BMFF, JUMBF; little-endian after it: RIFF/WebP) and in the
/// 16-bit JPEG segment lengths; truncation; splices of one seed's bytes into another; deep nesting (boxes in boxes,
/// XML elements and a DTD's nested entities, JSON arrays and objects); and PNG CRCs made right again, so a damaged chunk reaches the parsers
/// behind the CRC check instead of stopping at it.
/// </summary>
public static class FuzzMutations
{
    private static readonly uint[] Hostile32 = [0, 1, 7, 8, 9, 16, 0x7FFFFFFF, 0x7FFFFFF0, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF8, 0xFFFF, 0x10000];
    private static readonly ushort[] Hostile16 = [0, 1, 2, 3, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE];
    private static readonly string[] GeneratorKeys = ["prompt", "workflow", "parameters", "Comment", "invokeai_metadata", "sd-metadata", "Description"];
    private const string Laughs = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
        + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]><x>&f;&f;&f;</x>";
    private static readonly string[] BoxTypes = ["jumb", "moov", "trak", "uuid", "meta", "caBX"];

    public static byte[] Apply(FuzzSeed seed, IReadOnlyList<FuzzSeed> corpus, FuzzCase c)
    {
        var b = (byte[])seed.Bytes.Clone();
        foreach (var s in c.Steps) b = Apply(seed.Target, b, corpus, s);
        if (c.FixCrcs && seed.Bytes.AsSpan().StartsWith(PngSignature)) FixPngCrcs(b);
        return b;
    }

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Apply(FuzzTarget target, byte[] b, IReadOnlyList<FuzzSeed> corpus, Step s)
    {
        if (b.Length == 0) return b;
        switch (s.Kind)
        {
            case StepKind.Flip:
                b[s.A % b.Length] ^= (byte)(1 << (s.B & 7));
                return b;
            case StepKind.Length32:
            {
                var fields = LengthFields32(b);
                var (at, bigEndian) = fields.Count > 0 ? fields[s.A % fields.Count] : (s.A % Math.Max(1, b.Length - 3), true);
                if (at + 4 > b.Length) return b;
                var value = (s.B % (Hostile32.Length + 2)) switch
                {
                    var i when i < Hostile32.Length => Hostile32[i],
                    var i when i == Hostile32.Length => (uint)b.Length * 2u,
                    _ => (uint)s.C,
                };
                if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), value);
                else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), value);
                return b;
            }
            case StepKind.Length16:
            {
                var fields = JpegLengths(b);
                var at = fields.Count > 0 ? fields[s.A % fields.Count] : s.A % Math.Max(1, b.Length - 1);
                if (at + 2 > b.Length) return b;
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), s.B % 2 == 0 ? Hostile16[s.C % Hostile16.Length] : (ushort)s.C);
                return b;
            }
            case StepKind.Truncate:
                return b[..(s.A % b.Length)];
            case StepKind.Splice:
            {
                var other = corpus[s.B % corpus.Count].Bytes;
                var from = s.C % other.Length;
                var length = 1 + (s.A ^ s.C) % Math.Min(4096, other.Length - from);
                var to = s.A % (b.Length + 1);
                // Even A: insert the slice; odd A: put it in place of what stood there (a chunk of another file where one was).
                var rest = s.A % 2 == 0 ? b.AsSpan(to) : b.AsSpan(Math.Min(b.Length, to + length));
                return [.. b.AsSpan(0, to), .. other.AsSpan(from, length), .. rest];
            }
            case StepKind.Nest:
            {
                // An XMP packet may also get a DTD in front, with the nested entities of a "billion laughs".
                if (target == FuzzTarget.Xmp && s.C % 3 == 0) return [.. Encoding.UTF8.GetBytes(Laughs), .. b];
                var at = s.B % (b.Length + 1);
                var nest = Nesting(target, 1 + s.A % 20_000, s.C);
                return [.. b.AsSpan(0, at), .. nest, .. b.AsSpan(at)];
            }
            case StepKind.FixPngCrcs:
                FixPngCrcs(b);
                return b;
            default:
                throw new ArgumentOutOfRangeException(nameof(s));
        }
    }

    private static byte[] Nesting(FuzzTarget target, int depth, int c) => target switch
    {
        FuzzTarget.Xmp => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<rdf:li><rdf:Bag>", depth)) + string.Concat(Enumerable.Repeat("</rdf:Bag></rdf:li>", depth))),
        // A new text entry under a key a generator reader looks at, holding deeply nested JSON.
        FuzzTarget.Generation => Encoding.UTF8.GetBytes($"png:tEXt\x1F{GeneratorKeys[c % GeneratorKeys.Length]}\x1F"
            + (c % 2 == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)) + "\x1E"),
        _ => NestedBoxes(BoxTypes[c % BoxTypes.Length], Math.Min(depth, 5_000)),
    };

    /// <summary><paramref name="depth"/> boxes of <paramref name="type"/>, each the only content of the one around it.</summary>
    private static byte[] NestedBoxes(string type, int depth)
    {
        var result = new byte[8 * depth];
        for (var i = 0; i < depth; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(8 * i), (uint)(8 * (depth - i)));
            Encoding.ASCII.GetBytes(type, result.AsSpan(8 * i + 4));
        }
        return result;
    }

    /// <summary>Offsets of plausible 32-bit lengths and sizes: beside four type letters, holding a value no larger than the file.</summary>
    private static List<(int At, bool BigEndian)> LengthFields32(byte[] b)
    {
        var found = new List<(int, bool)>();
        for (var i = 4; i + 4 <= b.Length; i++)
        {
            if (!IsTypeLetter(b[i]) || !IsTypeLetter(b[i + 1]) || !IsTypeLetter(b[i + 2]) || !IsTypeLetter(b[i + 3])) continue;
            if (BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i - 4)) <= (uint)b.Length) found.Add((i - 4, true));
            if (i + 8 > b.Length) continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i + 4)) <= (uint)b.Length) found.Add((i + 4, false));
            // The first field after a type: PNG IHDR's width, a full box's version and flags, a JUMBF description's toggles.
            if (BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i + 4)) <= (uint)b.Length) found.Add((i + 4, true));
        }
        return found;
    }

    private static bool IsTypeLetter(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)' ';

    /// <summary>Offsets of the length after a JPEG marker that has one (APPn, COM, DQT, DHT, SOFn, SOS, ...).</summary>
    private static List<int> JpegLengths(byte[] b)
    {
        var found = new List<int>();
        for (var i = 0; i + 3 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] is >= 0xC0 and <= 0xFE and not (>= 0xD0 and <= 0xD9)) found.Add(i + 2);
        return found;
    }

    /// <summary>Walks the PNG chunks as their lengths say and writes each chunk's correct CRC, until the lengths stop making sense.</summary>
    private static void FixPngCrcs(byte[] b)
    {
        for (long at = 8; at + 12 <= b.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan((int)at));
            if (at + 12 + length > b.Length) return;
            var crc = Crc32.Of(b.AsSpan((int)at + 4, 4), b.AsSpan((int)at + 8, (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan((int)(at + 8 + length)), crc);
            at += 12 + length;
        }
    }
}
