using System.Buffers.Binary;

namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// How one PNG's unfiltered scanlines map to RGBA (ISO/IEC 15948, 6 and 11.3.2): colour type, bit depth, palette and
/// tRNS transparency. Built and validated by <see cref="From"/>; used by <see cref="PngDecoder"/>.
/// </summary>
internal sealed class PngPixelFormat
{
    private readonly int colorType;
    private readonly int bitDepth;
    private readonly byte[] palette;       // RGBA, four bytes per entry; empty unless colour type 3
    private readonly int transparentGrey;  // the tRNS grey sample at full precision, or -1
    private readonly int transparentRed, transparentGreen, transparentBlue; // the tRNS colour, or -1s

    private PngPixelFormat(int colorType, int bitDepth, int channels, byte[] palette, int grey, int red, int green, int blue)
    {
        this.colorType = colorType;
        this.bitDepth = bitDepth;
        this.palette = palette;
        transparentGrey = grey;
        (transparentRed, transparentGreen, transparentBlue) = (red, green, blue);
        BitsPerPixel = channels * bitDepth;
    }

    public int BitsPerPixel { get; }

    /// <summary>Bytes per whole pixel, at least one: how far back the Sub, Average and Paeth filters look.</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    public static PngPixelFormat From(PngFile png)
    {
        var (type, depth) = (png.ColorType, png.BitDepth);
        var channels = type switch
        {
            0 or 3 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => throw new PngFormatException($"unknown colour type {type}"),
        };
        var depthAllowed = type switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => depth is 8 or 16,
        };
        if (!depthAllowed) throw new PngFormatException($"bit depth {depth} is not allowed with colour type {type}");

        // A tRNS of the wrong length for types 0 and 2 is ignored rather than fatal, as libpng does.
        var transparency = png.Chunks.FirstOrDefault(c => c.Type == "tRNS")?.Data ?? [];
        int grey = -1, red = -1, green = -1, blue = -1;
        if (type == 0 && transparency.Length == 2) grey = BinaryPrimitives.ReadUInt16BigEndian(transparency);
        if (type == 2 && transparency.Length == 6)
        {
            red = BinaryPrimitives.ReadUInt16BigEndian(transparency);
            green = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(2));
            blue = BinaryPrimitives.ReadUInt16BigEndian(transparency.AsSpan(4));
        }
        var palette = type == 3 ? ReadPalette(png, transparency) : [];
        return new PngPixelFormat(type, depth, channels, palette, grey, red, green, blue);
    }

    private static byte[] ReadPalette(PngFile png, byte[] alpha)
    {
        var plte = png.Chunks.FirstOrDefault(c => c.Type == "PLTE")?.Data
            ?? throw new PngFormatException("a palette image (colour type 3) needs a PLTE chunk, and there is none");
        if (plte.Length is 0 or > 768 || plte.Length % 3 != 0)
            throw new PngFormatException($"PLTE holds {plte.Length} bytes, not 1 to 256 three-byte entries");
        var entries = plte.Length / 3;
        var rgba = new byte[entries * 4];
        for (var i = 0; i < entries; i++)
        {
            rgba[i * 4] = plte[i * 3];
            rgba[i * 4 + 1] = plte[i * 3 + 1];
            rgba[i * 4 + 2] = plte[i * 3 + 2];
            rgba[i * 4 + 3] = i < alpha.Length ? alpha[i] : (byte)255;
        }
        return rgba;
    }

    /// <summary>
    /// Writes <paramref name="count"/> pixels of an unfiltered scanline as RGBA, the first at <c>rgba[0]</c> and each next one
    /// <paramref name="step"/> bytes further on (4 for a whole row, more for an Adam7 pass).
    /// </summary>
    public void ExpandRow(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        switch (colorType)
        {
            case 0: ExpandGrey(row, count, rgba, step); break;
            case 2: ExpandRgb(row, count, rgba, step); break;
            case 3: ExpandIndexed(row, count, rgba, step); break;
            case 4: ExpandGreyAlpha(row, count, rgba, step); break;
            default: ExpandRgba(row, count, rgba, step); break;
        }
    }

    private void ExpandGrey(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        // Low depths scale to the full range: 1 bit by 255, 2 bits by 85, 4 bits by 17.
        var scale = bitDepth < 8 ? 255 / ((1 << bitDepth) - 1) : 1;
        for (int i = 0, o = 0; i < count; i++, o += step)
        {
            var sample = Sample(row, i);
            var grey = (byte)(bitDepth == 16 ? sample >> 8 : sample * scale);
            rgba[o] = rgba[o + 1] = rgba[o + 2] = grey;
            rgba[o + 3] = sample == transparentGrey ? (byte)0 : (byte)255;
        }
    }

    private void ExpandRgb(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        if (bitDepth == 8)
        {
            // The common case (every Stable Diffusion PNG), kept free of per-sample depth dispatch.
            for (int s = 0, o = 0; s < count * 3; s += 3, o += step)
            {
                byte r = row[s], g = row[s + 1], b = row[s + 2];
                rgba[o] = r;
                rgba[o + 1] = g;
                rgba[o + 2] = b;
                rgba[o + 3] = r == transparentRed && g == transparentGreen && b == transparentBlue ? (byte)0 : (byte)255;
            }
            return;
        }
        for (int i = 0, o = 0; i < count; i++, o += step)
        {
            int r = Sample(row, i * 3), g = Sample(row, i * 3 + 1), b = Sample(row, i * 3 + 2);
            rgba[o] = To8(r);
            rgba[o + 1] = To8(g);
            rgba[o + 2] = To8(b);
            rgba[o + 3] = r == transparentRed && g == transparentGreen && b == transparentBlue ? (byte)0 : (byte)255;
        }
    }

    private void ExpandIndexed(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        var entries = palette.Length / 4;
        for (int i = 0, o = 0; i < count; i++, o += step)
        {
            var index = Sample(row, i);
            if (index >= entries) throw new PngFormatException($"palette index {index} is out of range: the palette has {entries} entries");
            palette.AsSpan(index * 4, 4).CopyTo(rgba[o..]);
        }
    }

    private void ExpandGreyAlpha(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        for (int i = 0, o = 0; i < count; i++, o += step)
        {
            rgba[o] = rgba[o + 1] = rgba[o + 2] = To8(Sample(row, i * 2));
            rgba[o + 3] = To8(Sample(row, i * 2 + 1));
        }
    }

    private void ExpandRgba(ReadOnlySpan<byte> row, int count, Span<byte> rgba, int step)
    {
        if (bitDepth == 8 && step == 4)
        {
            row[..(count * 4)].CopyTo(rgba);
            return;
        }
        for (int i = 0, o = 0; i < count; i++, o += step)
            for (var c = 0; c < 4; c++) rgba[o + c] = To8(Sample(row, i * 4 + c));
    }

    private byte To8(int sample) => (byte)(bitDepth == 16 ? sample >> 8 : sample);

    /// <summary>The <paramref name="index"/>-th sample of a scanline at full precision; samples below 8 bits pack from the high bit.</summary>
    private int Sample(ReadOnlySpan<byte> row, int index)
    {
        switch (bitDepth)
        {
            case 8: return row[index];
            case 16: return row[index * 2] << 8 | row[index * 2 + 1];
            default:
                var bit = index * bitDepth;
                return (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
        }
    }
}
