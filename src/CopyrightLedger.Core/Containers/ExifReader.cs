using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Containers;

/// <summary>One EXIF tag that carries authorship or generator text, with its value decoded to a string.</summary>
public sealed record ExifField(int Tag, string Name, string Value);

/// <summary>
/// Reads the text-bearing tags of an EXIF block (TIFF 6.0 structure, EXIF 2.32 tags): IFD0 and the Exif sub-IFD.
/// A broken header or IFD0 is a <see cref="MetadataFormatException"/>; an entry whose value lies outside the data, or
/// a sub-IFD that does, is skipped so the rest is still read. IFD loops are cut, and an IFD may hold at most
/// <see cref="MaxEntriesPerIfd"/> entries.
/// </summary>
public static class ExifReader
{
    public const int MaxEntriesPerIfd = 1000;
    /// <summary>IFD0, the Exif sub-IFD, and room for odd writers' extra pointers; no more, whatever the pointers say.</summary>
    private const int MaxIfds = 8;
    private const int ExifIfdPointer = 0x8769, UserComment = 0x9286, MakerNote = 0x927C, XpComment = 0x9C9C;
    private const int TypeByte = 1, TypeAscii = 2, TypeShort = 3, TypeLong = 4, TypeRational = 5, TypeUndefined = 7, TypeIfd = 13;

    private static readonly Dictionary<int, string> Names = new()
    {
        [0x010E] = "ImageDescription", [0x010F] = "Make", [0x0110] = "Model", [0x0131] = "Software",
        [0x0132] = "DateTime", [0x013B] = "Artist", [0x9003] = "DateTimeOriginal", [0x9010] = "OffsetTimeOriginal",
        [UserComment] = "UserComment", [MakerNote] = "MakerNote", [XpComment] = "XPComment",
    };

    private readonly record struct Entry(int Tag, int Type, uint Count, int ValueAt);

    /// <param name="budget">
    /// Charged for every value decoded: entries may all point at the same bytes, so what is decoded can be thousands of
    /// times the block's size (docs/SECURITY.md); 16 MiB when null.
    /// </param>
    public static IReadOnlyList<ExifField> Read(byte[] tiff, MetadataBudget? budget = null)
    {
        budget ??= MetadataBudget.ForOneFile();
        var bigEndian = ReadByteOrder(tiff);
        var fields = new List<ExifField>();
        var seen = new HashSet<uint>();
        var pending = new Queue<uint>();
        pending.Enqueue(ReadUInt32(tiff, 4, bigEndian));
        var isIfd0 = true;
        while (pending.TryDequeue(out var ifd))
        {
            if (!seen.Add(ifd) || seen.Count > MaxIfds) continue; // an IFD seen before is a loop
            var entries = ReadIfd(tiff, ifd, bigEndian, isIfd0);
            isIfd0 = false;
            foreach (var e in entries)
            {
                if (e.Tag == ExifIfdPointer && e.Type is TypeLong or TypeIfd && e.Count == 1) pending.Enqueue(ReadUInt32(tiff, e.ValueAt, bigEndian));
                else if (Names.TryGetValue(e.Tag, out var name))
                {
                    budget.Charge(Math.Min(e.Count, (uint)tiff.Length), $"EXIF {name}");
                    if (Decode(tiff, e, bigEndian) is { } value) fields.Add(new ExifField(e.Tag, name, value));
                }
            }
        }
        return fields;
    }

    private static bool ReadByteOrder(byte[] tiff)
    {
        if (tiff.Length < 8) throw new MetadataFormatException("EXIF: shorter than a TIFF header");
        var bigEndian = tiff[0] == 'M' && tiff[1] == 'M';
        if (!bigEndian && !(tiff[0] == 'I' && tiff[1] == 'I')) throw new MetadataFormatException("EXIF: byte order is neither II nor MM");
        if (ReadUInt16(tiff, 2, bigEndian) != 42) throw new MetadataFormatException("EXIF: TIFF magic number 42 missing");
        return bigEndian;
    }

    /// <summary>The entries of one IFD whose values lie inside the data. Only IFD0's own structure is fatal.</summary>
    private static List<Entry> ReadIfd(byte[] tiff, uint at, bool bigEndian, bool fatal)
    {
        var entries = new List<Entry>();
        var count = at >= 8 && at <= tiff.Length - 2L ? ReadUInt16(tiff, (int)at, bigEndian) : -1;
        var problem = count < 0 ? $"IFD offset {at} is outside the data"
            : count > MaxEntriesPerIfd ? $"IFD at {at} declares {count} entries (limit {MaxEntriesPerIfd})"
            : at + 2L + count * 12L > tiff.Length ? $"IFD at {at} with {count} entries runs past the end of the data"
            : null;
        if (problem is not null) return fatal ? throw new MetadataFormatException("EXIF: " + problem) : entries;
        for (var i = 0; i < count; i++)
        {
            var p = (int)at + 2 + i * 12;
            var type = ReadUInt16(tiff, p + 2, bigEndian);
            var n = ReadUInt32(tiff, p + 4, bigEndian);
            var size = (long)TypeSize(type) * n;
            var valueAt = size <= 4 ? p + 8 : (long)ReadUInt32(tiff, p + 8, bigEndian);
            if (TypeSize(type) == 0 || valueAt + size > tiff.Length) continue; // unknown type or value outside the data
            entries.Add(new Entry(ReadUInt16(tiff, p, bigEndian), type, n, (int)valueAt));
        }
        return entries;
    }

    private static int TypeSize(int type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };

    private static string? Decode(byte[] tiff, Entry e, bool bigEndian)
    {
        var bytes = tiff.AsSpan(e.ValueAt, (int)(e.Count * TypeSize(e.Type)));
        return (e.Tag, e.Type) switch
        {
            (UserComment, _) => ExifText.DecodeUserComment(bytes),
            (MakerNote, _) => ExifText.PrintableUtf8(bytes),
            (XpComment, TypeByte or TypeUndefined) => Encoding.Unicode.GetString(bytes).TrimEnd('\0'),
            (_, TypeAscii or TypeUndefined) => ExifText.Utf8(bytes),
            (_, TypeShort) => Join(e.Count, i => ReadUInt16(tiff, e.ValueAt + i * 2, bigEndian).ToString()),
            (_, TypeLong) => Join(e.Count, i => ReadUInt32(tiff, e.ValueAt + i * 4, bigEndian).ToString()),
            (_, TypeRational) => Join(e.Count, i => $"{ReadUInt32(tiff, e.ValueAt + i * 8, bigEndian)}/{ReadUInt32(tiff, e.ValueAt + i * 8 + 4, bigEndian)}"),
            _ => null,
        };
    }

    private static string Join(uint count, Func<int, string> item) => string.Join(", ", Enumerable.Range(0, (int)Math.Min(count, 64)).Select(item));

    private static ushort ReadUInt16(byte[] b, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    private static uint ReadUInt32(byte[] b, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
}

/// <summary>Text decoding for the EXIF tags whose encoding is not given by their type.</summary>
internal static class ExifText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(false, throwOnInvalidBytes: false);

    /// <summary>
    /// UserComment (EXIF 2.32 §4.6.5): an 8-byte character-code prefix, then the text. <c>UNICODE\0</c> is UTF-16,
    /// big-endian as piexif writes it (A1111, docs/FORMATS.md B1). Some writers use the TIFF's little-endian order
    /// instead; the text is then read as UTF-16LE when that yields more printable ASCII than UTF-16BE. (A plain
    /// "printable" test cannot tell the two apart: byte-swapped ASCII lands in the CJK blocks, which are printable.)
    /// A missing prefix (Fooocus writes a plain string) means UTF-8 of the whole value.
    /// </summary>
    public static string DecodeUserComment(ReadOnlySpan<byte> value)
    {
        var text = value.Length >= 8 ? value[8..] : [];
        // ASCII is read as UTF-8, its superset, since writers put UTF-8 there; JIS is rare enough to get the same.
        if (value.StartsWith("ASCII\0\0\0"u8) || value.StartsWith("JIS\0\0\0\0\0"u8) || value.StartsWith("\0\0\0\0\0\0\0\0"u8)) return Utf8(text);
        if (!value.StartsWith("UNICODE\0"u8)) return Utf8(value);
        var be = Encoding.BigEndianUnicode.GetString(text);
        var le = Encoding.Unicode.GetString(text);
        return (AsciiScore(le) > AsciiScore(be) ? le : be).TrimEnd('\0');
    }

    /// <summary>UTF-8 with invalid bytes replaced, trailing NULs removed.</summary>
    public static string Utf8(ReadOnlySpan<byte> value) => LenientUtf8.GetString(value).TrimEnd('\0');

    private static int AsciiScore(string s) => s.Count(c => c is >= ' ' and <= '~' or '\n' or '\r' or '\t');

    /// <summary>The value as text if it is valid UTF-8 without control characters (other than whitespace), else null.</summary>
    public static string? PrintableUtf8(ReadOnlySpan<byte> value)
    {
        string text;
        try { text = StrictUtf8.GetString(value).TrimEnd('\0'); }
        catch (DecoderFallbackException) { return null; }
        return text.Length > 0 && text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') ? text : null;
    }
}
