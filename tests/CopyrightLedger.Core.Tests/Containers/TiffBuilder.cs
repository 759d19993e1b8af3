using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Containers;

/// <summary>Writes a minimal TIFF/EXIF structure: IFD0, then (when given) an Exif sub-IFD that IFD0 points to, then the values.</summary>
internal static class TiffBuilder
{
    /// <summary>One entry; <paramref name="Value"/> is stored as given, so numbers must already be in the TIFF's byte order.</summary>
    public sealed record Tag(int Id, int Type, uint Count, byte[] Value);

    public static Tag Ascii(int id, string text) { var b = Encoding.UTF8.GetBytes(text + "\0"); return new(id, 2, (uint)b.Length, b); }
    public static Tag Undefined(int id, byte[] value) => new(id, 7, (uint)value.Length, value);
    public static Tag Long(int id, uint value, bool bigEndian) => new(id, 4, 1, U32(value, bigEndian));

    /// <summary>UserComment as piexif writes it: <c>UNICODE\0</c> then UTF-16 (big-endian in piexif).</summary>
    public static Tag UnicodeComment(string text, bool bigEndian) =>
        Undefined(0x9286, [.. "UNICODE\0"u8, .. (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes(text)]);

    public static byte[] Build(bool bigEndian, IReadOnlyList<Tag> ifd0, IReadOnlyList<Tag>? exif = null)
    {
        var exifAt = 8 + IfdSize(ifd0.Count + 1);
        var first = exif is null ? ifd0 : [.. ifd0, Long(0x8769, (uint)exifAt, bigEndian)];
        var dataAt = 8 + IfdSize(first.Count) + (exif is null ? 0 : IfdSize(exif.Count));
        var output = new List<byte>(bigEndian ? "MM\0*"u8.ToArray() : "II*\0"u8.ToArray());
        var data = new List<byte>();
        output.AddRange(U32(8, bigEndian));
        output.AddRange(Ifd(first, bigEndian, dataAt, data));
        if (exif is not null) output.AddRange(Ifd(exif, bigEndian, dataAt, data));
        output.AddRange(data);
        return [.. output];
    }

    private static int IfdSize(int entries) => 2 + entries * 12 + 4;

    private static List<byte> Ifd(IReadOnlyList<Tag> tags, bool bigEndian, int dataAt, List<byte> data)
    {
        var ifd = new List<byte>(U16(tags.Count, bigEndian));
        foreach (var t in tags)
        {
            ifd.AddRange(U16(t.Id, bigEndian));
            ifd.AddRange(U16(t.Type, bigEndian));
            ifd.AddRange(U32(t.Count, bigEndian));
            if (t.Value.Length <= 4) ifd.AddRange([.. t.Value, .. new byte[4 - t.Value.Length]]);
            else
            {
                ifd.AddRange(U32((uint)(dataAt + data.Count), bigEndian));
                data.AddRange(t.Value);
                if (data.Count % 2 == 1) data.Add(0);
            }
        }
        ifd.AddRange(U32(0, bigEndian));
        return ifd;
    }

    private static byte[] U16(int v, bool bigEndian) => bigEndian ? [(byte)(v >> 8), (byte)v] : [(byte)v, (byte)(v >> 8)];
    private static byte[] U32(uint v, bool bigEndian) => bigEndian ? [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v] : [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];
}
