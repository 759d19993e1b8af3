using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// Writes 8-bit RGB PNGs with text chunks, deterministically: the same pixels and text always give the same bytes.
/// Used for the project's sample images; text goes where Pillow (and so A1111) puts it: tEXt when it is Latin-1,
/// else an uncompressed iTXt.
/// </summary>
public static class PngEncoder
{
    /// <param name="extraChunks">Chunks written verbatim after the text chunks (a C2PA <c>caBX</c>, say).</param>
    /// <param name="level">How hard to deflate: the smallest size for files that are kept, less for transient pictures.</param>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb, IEnumerable<(string Keyword, string Text)> textChunks,
        DateTime? tIMEUtc = null, IEnumerable<(string Type, byte[] Data)>? extraChunks = null, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Dimensions are positive.");
        if (rgb.Length != width * height * 3) throw new ArgumentException($"Expected {width * height * 3} bytes of RGB, got {rgb.Length}.", nameof(rgb));
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        WriteChunk(png, "IHDR", ihdr);

        foreach (var (keyword, text) in textChunks) WriteChunk(png, IsLatin1(text) ? "tEXt" : "iTXt", TextData(keyword, text));
        foreach (var (type, data) in extraChunks ?? []) WriteChunk(png, type, data);

        if (tIMEUtc is { } t)
        {
            var time = new byte[7];
            BinaryPrimitives.WriteUInt16BigEndian(time, (ushort)t.Year);
            time[2] = (byte)t.Month; time[3] = (byte)t.Day; time[4] = (byte)t.Hour; time[5] = (byte)t.Minute; time[6] = (byte)t.Second;
            WriteChunk(png, "tIME", time);
        }

        // Filter type 1 (Sub) on every row: simple, deterministic, and compresses smooth gradients well.
        var stride = width * 3;
        var raw = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = rgb.Slice(y * stride, stride);
            var o = y * (stride + 1);
            raw[o] = 1;
            for (var x = 0; x < stride; x++) raw[o + 1 + x] = (byte)(row[x] - (x >= 3 ? row[x - 3] : 0));
        }
        using (var z = new MemoryStream())
        {
            using (var zs = new ZLibStream(z, level, leaveOpen: true)) zs.Write(raw);
            WriteChunk(png, "IDAT", z.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static bool IsLatin1(string s) => s.All(c => c <= 0xFF);

    private static byte[] TextData(string keyword, string text)
    {
        if (keyword.Length is < 1 or > 79 || !IsLatin1(keyword)) throw new ArgumentException($"Invalid PNG keyword '{keyword}'.");
        var k = Encoding.Latin1.GetBytes(keyword);
        if (IsLatin1(text)) return [.. k, 0, .. Encoding.Latin1.GetBytes(text)];
        // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL, UTF-8 text.
        return [.. k, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)];
    }

    private static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        s.Write(header);
        s.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Of(header[4..], data));
        s.Write(crc);
    }
}
