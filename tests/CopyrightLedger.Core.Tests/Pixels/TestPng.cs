using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

/// <summary>
/// Assembles PNGs for tests from raw samples: packs them at any bit depth, lays out Adam7 passes, applies the five
/// filter types in turn (row n of a pass gets filter n % 5), and writes the chunks with real CRCs.
/// </summary>
internal static class TestPng
{
    public static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static int Channels(int colorType) => colorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };

    /// <param name="samples">Channels(colorType) samples per pixel, row-major, each below 2^bitDepth.</param>
    public static byte[] Build(int width, int height, int bitDepth, int colorType, ushort[] samples, bool interlaced = false,
        byte[]? palette = null, byte[]? transparency = null)
    {
        var raw = Scanlines(width, height, bitDepth, Channels(colorType), samples, interlaced);
        var extra = new List<(string, byte[])>();
        if (palette is not null) extra.Add(("PLTE", palette));
        if (transparency is not null) extra.Add(("tRNS", transparency));
        return Assemble(width, height, bitDepth, colorType, interlaced, Zlib(raw), extra.ToArray());
    }

    /// <summary>The filtered image data, before compression.</summary>
    public static byte[] Scanlines(int width, int height, int bitDepth, int channels, ushort[] samples, bool interlaced)
    {
        var passes = interlaced ? Adam7 : [(0, 0, 1, 1)];
        var bitsPerPixel = bitDepth * channels;
        var stride = Math.Max(1, bitsPerPixel / 8);
        var output = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var passWidth = (width - x0 + dx - 1) / dx;
            var passHeight = (height - y0 + dy - 1) / dy;
            if (passWidth == 0 || passHeight == 0) continue;
            var previous = new byte[(passWidth * bitsPerPixel + 7) / 8];
            for (var j = 0; j < passHeight; j++)
            {
                var row = new byte[previous.Length];
                for (var i = 0; i < passWidth; i++)
                    for (var c = 0; c < channels; c++)
                        Put(row, i * channels + c, bitDepth, samples[((y0 + j * dy) * width + x0 + i * dx) * channels + c]);
                var filter = (byte)(j % 5);
                output.WriteByte(filter);
                output.Write(Filter(filter, row, previous, stride));
                previous = row;
            }
        }
        return output.ToArray();
    }

    public static byte[] Zlib(byte[] raw)
    {
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zs.Write(raw);
        return z.ToArray();
    }

    /// <summary>Writes signature, IHDR, the extra chunks, the compressed data split over two IDAT chunks, and IEND.</summary>
    public static byte[] Assemble(int width, int height, int bitDepth, int colorType, bool interlaced, byte[] compressed,
        params (string Type, byte[] Data)[] extra)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        (ihdr[8], ihdr[9], ihdr[12]) = ((byte)bitDepth, (byte)colorType, interlaced ? (byte)1 : (byte)0);
        Chunk(png, "IHDR", ihdr);
        foreach (var (type, data) in extra) Chunk(png, type, data);
        var half = compressed.Length / 2;
        Chunk(png, "IDAT", compressed[..half]);
        Chunk(png, "IDAT", compressed[half..]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Put(byte[] row, int index, int bitDepth, int sample)
    {
        if (bitDepth == 16)
        {
            BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(index * 2), (ushort)sample);
            return;
        }
        var bit = index * bitDepth;
        row[bit / 8] |= (byte)(sample << (8 - bitDepth - bit % 8));
    }

    private static byte[] Filter(byte filter, byte[] row, byte[] previous, int stride)
    {
        var output = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= stride ? row[i - stride] : 0, up = previous[i], upLeft = i >= stride ? previous[i - stride] : 0;
            var prediction = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                _ => PaethPredictor(left, up, upLeft),
            };
            output[i] = (byte)(row[i] - prediction);
        }
        return output;
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        s.Write(header);
        s.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Of(header.AsSpan(4), data));
        s.Write(crc);
    }
}
