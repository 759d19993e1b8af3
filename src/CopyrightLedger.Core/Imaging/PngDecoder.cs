using System.IO.Compression;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// Decodes a PNG (ISO/IEC 15948) to an <see cref="RgbaImage"/>: every colour type and bit depth, tRNS transparency,
/// the five filter types and Adam7 interlacing; 16-bit samples keep their high byte, and ancillary colour chunks
/// (gAMA, iCCP, ...) are not applied. Whatever the input, the only exception is a <see cref="PngFormatException"/>:
/// the size is checked against <see cref="ReadLimits.MaxPixels"/> before any pixel memory is allocated, and the
/// image data is inflated no further than the size the header implies.
/// </summary>
public static class PngDecoder
{
    private readonly record struct Pass(int X, int Y, int StepX, int StepY);

    // Deflate's best case is a 258-byte match coded in 2 bits, so no stream inflates to more than 1032 times its size:
    // a small file that claims a large image is refused before its pixel memory is allocated.
    private const long MaxDeflateRatio = 1032;

    private static readonly Pass[] Progressive = [new(0, 0, 1, 1)];

    // ISO/IEC 15948, 8.2: the origin and spacing of each of the seven Adam7 passes.
    private static readonly Pass[] Adam7 =
        [new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4), new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2)];

    public static RgbaImage Decode(Stream stream) => Decode(PngFile.Read(stream, PngReadLimits.PixelsOnly));

    public static RgbaImage Decode(PngFile png)
    {
        ArgumentNullException.ThrowIfNull(png);
        var (width, height) = (png.Width, png.Height);
        if ((long)width * height > ReadLimits.MaxPixels)
            throw new PngFormatException($"image is {width} x {height} pixels, over the limit of {ReadLimits.MaxPixels}");
        var format = PngPixelFormat.From(png);

        var passes = png.Interlaced ? Adam7 : Progressive;
        var raw = Inflate(png, RawSize(width, height, format.BitsPerPixel, passes));
        return new RgbaImage(width, height, Reconstruct(raw, width, height, format, passes));
    }

    /// <summary>Unfilters the inflated scanlines pass by pass and spreads each pass's pixels over the RGBA raster.</summary>
    private static byte[] Reconstruct(byte[] raw, int width, int height, PngPixelFormat format, Pass[] passes)
    {
        // Every pixel is written by exactly one pass, so the buffer need not be zeroed first.
        var rgba = GC.AllocateUninitializedArray<byte>(width * height * 4);
        var zeroRow = new byte[RowBytes(width, format.BitsPerPixel)];
        var offset = 0;
        foreach (var pass in passes)
        {
            var (passWidth, passHeight) = PassSize(width, height, pass);
            if (passWidth == 0 || passHeight == 0) continue;
            var rowBytes = RowBytes(passWidth, format.BitsPerPixel);
            ReadOnlySpan<byte> previous = zeroRow.AsSpan(0, rowBytes);
            for (var j = 0; j < passHeight; j++)
            {
                var y = pass.Y + j * pass.StepY;
                var row = raw.AsSpan(offset + 1, rowBytes);
                Unfilter(raw[offset], row, previous, format.FilterStride, y);
                format.ExpandRow(row, passWidth, rgba.AsSpan((y * width + pass.X) * 4), pass.StepX * 4);
                previous = row;
                offset += rowBytes + 1;
            }
        }
        return rgba;
    }

    private static (int Width, int Height) PassSize(int width, int height, Pass pass) =>
        ((width - pass.X + pass.StepX - 1) / pass.StepX, (height - pass.Y + pass.StepY - 1) / pass.StepY);

    private static int RowBytes(int pixels, int bitsPerPixel) => (int)(((long)pixels * bitsPerPixel + 7) / 8);

    /// <summary>The inflated size of the image data: each non-empty row of each pass, plus its filter-type byte.</summary>
    private static long RawSize(int width, int height, int bitsPerPixel, Pass[] passes)
    {
        long total = 0;
        foreach (var pass in passes)
        {
            var (w, h) = PassSize(width, height, pass);
            if (w > 0 && h > 0) total += (long)h * (1 + RowBytes(w, bitsPerPixel));
        }
        return total;
    }

    private static byte[] Inflate(PngFile png, long expected)
    {
        if (expected > Array.MaxLength) throw new PngFormatException($"image data of {expected} bytes is too large to decode");
        var compressed = ConcatenateImageData(png);
        if (expected > compressed.Length * MaxDeflateRatio)
            throw new PngFormatException($"image data is truncated: {compressed.Length} compressed bytes cannot inflate to the {expected} the header implies");
        var raw = GC.AllocateUninitializedArray<byte>((int)expected);
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            // Reading stops at the size the header implies: whatever the stream holds beyond it is never inflated.
            var filled = inflater.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (filled < raw.Length)
                throw new PngFormatException($"image data is truncated: it inflates to {filled} bytes, the header implies {raw.Length}");
        }
        // zlib reports corrupt input as InvalidDataException, or as ZLibException (an IOException); the source is
        // in memory, so no IOException here comes from anywhere else.
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new PngFormatException($"image data is not valid zlib data ({e.Message})");
        }
        return raw;
    }

    private static byte[] ConcatenateImageData(PngFile png)
    {
        long total = 0;
        foreach (var chunk in png.Chunks)
            if (chunk.Type == "IDAT") total += chunk.Data.Length;
        if (total == 0) throw new PngFormatException("the file has no image data (IDAT)");
        if (total > Array.MaxLength) throw new PngFormatException($"compressed image data of {total} bytes is too large to decode");
        var all = new byte[total];
        var at = 0;
        foreach (var chunk in png.Chunks)
        {
            if (chunk.Type != "IDAT") continue;
            chunk.Data.CopyTo(all, at);
            at += chunk.Data.Length;
        }
        return all;
    }

    /// <summary>Reverses one row's filter in place (ISO/IEC 15948, 9.2); <paramref name="previous"/> is already unfiltered.</summary>
    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int stride, int y)
    {
        var lead = Math.Min(stride, row.Length);
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var i = stride; i < row.Length; i++) row[i] += row[i - stride];
                return;
            case 2:
                for (var i = 0; i < row.Length; i++) row[i] += previous[i];
                return;
            case 3:
                for (var i = 0; i < lead; i++) row[i] += (byte)(previous[i] >> 1);
                for (var i = stride; i < row.Length; i++) row[i] += (byte)((row[i - stride] + previous[i]) >> 1);
                return;
            case 4:
                for (var i = 0; i < lead; i++) row[i] += previous[i];
                for (var i = stride; i < row.Length; i++) row[i] += Paeth(row[i - stride], previous[i], previous[i - stride]);
                return;
            default:
                throw new PngFormatException($"unknown filter type {filter} on image row {y}");
        }
    }

    private static byte Paeth(byte left, byte up, byte upLeft)
    {
        var estimate = left + up - upLeft;
        var toLeft = Math.Abs(estimate - left);
        var toUp = Math.Abs(estimate - up);
        var toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) return left;
        return toUp <= toUpLeft ? up : upLeft;
    }
}
