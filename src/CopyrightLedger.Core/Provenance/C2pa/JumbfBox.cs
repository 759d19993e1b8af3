using System.Buffers.Binary;
using System.Text;

namespace CopyrightLedger.Core.Provenance.C2pa;

/// <summary>A JUMBF or C2PA structure that cannot be read; the message is fit for a person.</summary>
internal sealed class C2paStructureException(string message) : Exception(message);

/// <summary>
/// One box of a JUMBF tree (ISO/IEC 19566-5). A superbox (<c>jumb</c>) starts with a description box (<c>jumd</c>:
/// a 16-byte type UUID, a toggles byte, then an optional null-terminated label) followed by its content boxes;
/// any other box (<c>cbor</c>, <c>json</c>, <c>uuid</c>, <c>bfdb</c>, <c>bidb</c>, ...) just has content. Every length
/// is checked against its enclosing box, nesting is bounded, and the content is sliced, never copied.
/// </summary>
internal sealed class JumbfBox
{
    public const int MaxDepth = 32;
    public const int MaxBoxes = 100_000;
    private const byte LabelPresent = 0x02;

    private JumbfBox(string type, ReadOnlyMemory<byte> content, byte[]? typeUuid = null, string? label = null, IReadOnlyList<JumbfBox>? children = null)
    {
        Type = type; Content = content; TypeUuid = typeUuid; Label = label; Children = children ?? [];
    }

    public string Type { get; }
    /// <summary>The payload after the box header; empty for a superbox, whose payload is in <see cref="Children"/>.</summary>
    public ReadOnlyMemory<byte> Content { get; }
    /// <summary>The description box's type UUID (superboxes only). Boxes are found by label, so nothing depends on it.</summary>
    public byte[]? TypeUuid { get; }
    public string? Label { get; }
    /// <summary>The content boxes of a superbox, description box excluded.</summary>
    public IReadOnlyList<JumbfBox> Children { get; }
    public bool IsSuperBox => Type == "jumb";

    /// <summary>True when the data at least begins with a <c>jumb</c> box header: whether it is JUMBF at all.</summary>
    public static bool StartsWithSuperBox(ReadOnlySpan<byte> data) => data.Length >= 8 && data.Slice(4, 4).SequenceEqual("jumb"u8);

    /// <summary>Parses the superbox at the start of <paramref name="data"/>; bytes after it are ignored.</summary>
    public static JumbfBox Parse(ReadOnlyMemory<byte> data)
    {
        var boxes = 0;
        var (type, headerBytes, size) = ReadHeader(data.Span);
        if (type != "jumb") throw new C2paStructureException($"the data starts with a '{type}' box, not a 'jumb' superbox");
        return ParseSuperBox(data[headerBytes..(int)size], 1, ref boxes);
    }

    /// <summary>The first child superbox with the given label.</summary>
    public JumbfBox? Child(string label) => Children.FirstOrDefault(c => c.IsSuperBox && c.Label == label);

    /// <summary>The first content box of the given type (<c>cbor</c>, <c>json</c>, ...).</summary>
    public JumbfBox? ContentBox(string type) => Children.FirstOrDefault(c => c.Type == type);

    private static JumbfBox ParseSuperBox(ReadOnlyMemory<byte> body, int depth, ref int boxes)
    {
        if (depth > MaxDepth) throw new C2paStructureException($"JUMBF superboxes are nested deeper than {MaxDepth} levels");
        var all = ParseBoxes(body, depth, ref boxes);
        if (all.Count == 0 || all[0].Type != "jumd") throw new C2paStructureException("a JUMBF superbox does not start with a description ('jumd') box");
        var (uuid, label) = ReadDescription(all[0].Content.Span);
        return new JumbfBox("jumb", ReadOnlyMemory<byte>.Empty, uuid, label, all.Skip(1).ToList());
    }

    private static List<JumbfBox> ParseBoxes(ReadOnlyMemory<byte> data, int depth, ref int boxes)
    {
        var result = new List<JumbfBox>();
        while (data.Length > 0)
        {
            if (++boxes > MaxBoxes) throw new C2paStructureException($"the store holds more than {MaxBoxes} JUMBF boxes");
            var (type, headerBytes, size) = ReadHeader(data.Span);
            var body = data[headerBytes..(int)size];
            result.Add(type == "jumb" ? ParseSuperBox(body, depth + 1, ref boxes) : new JumbfBox(type, body));
            data = data[(int)size..];
        }
        return result;
    }

    /// <summary>LBox (4, big-endian) and TBox (4); LBox 1 means an 8-byte XLBox follows, LBox 0 "to the end".</summary>
    private static (string Type, int HeaderBytes, long Size) ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8) throw new C2paStructureException($"a JUMBF box header is truncated ({data.Length} bytes left)");
        long size = BinaryPrimitives.ReadUInt32BigEndian(data);
        var type = Encoding.Latin1.GetString(data.Slice(4, 4));
        var headerBytes = 8;
        if (size == 1)
        {
            if (data.Length < 16) throw new C2paStructureException($"the extended length of JUMBF box '{type}' is truncated");
            var extended = BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
            size = extended > long.MaxValue ? long.MaxValue : (long)extended;
            headerBytes = 16;
        }
        else if (size == 0)
        {
            size = data.Length;
        }
        if (size < headerBytes) throw new C2paStructureException($"JUMBF box '{type}' declares an impossible length {size}");
        if (size > data.Length) throw new C2paStructureException($"JUMBF box '{type}' declares {size} bytes but only {data.Length} remain");
        return (type, headerBytes, size);
    }

    private static (byte[] Uuid, string? Label) ReadDescription(ReadOnlySpan<byte> d)
    {
        if (d.Length < 17) throw new C2paStructureException("a JUMBF description box is shorter than 17 bytes");
        var uuid = d[..16].ToArray();
        if ((d[16] & LabelPresent) == 0) return (uuid, null);
        var rest = d[17..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new C2paStructureException("a JUMBF description box's label is not null-terminated");
        return (uuid, Encoding.UTF8.GetString(rest[..end]));
    }
}
