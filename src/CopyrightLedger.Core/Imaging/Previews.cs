namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// Small pictures for reports, never the evidence itself: a downscaled thumbnail, and a difference map that shows
/// where an edit changed an image. Both are plain RGB PNGs (transparency flattened onto white), deterministic, and
/// stored without compression: they are handed straight to a PDF writer that decodes and compresses them itself.
/// </summary>
public static class Previews
{
    /// <summary>The image scaled down (never up) so that its longer side is at most <paramref name="maxSide"/>.</summary>
    public static byte[] Thumbnail(RgbaImage image, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        var small = scale >= 1 ? image : AreaResampler.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
        return PngEncoder.Encode(small.Width, small.Height, Rgb(small, (_, _, c) => c), [], level: System.IO.Compression.CompressionLevel.NoCompression);
    }

    /// <summary>
    /// <paramref name="after"/> (resized to <paramref name="before"/>'s size if it differs) in pale grey, with the pixels
    /// <see cref="ImageDiff"/> counts as changed in red, and each changed region framed; then scaled like a thumbnail.
    /// </summary>
    public static byte[] DifferenceMap(RgbaImage before, RgbaImage after, ImageDifference diff, int maxSide, int threshold = 24)
    {
        if (after.Width != before.Width || after.Height != before.Height) after = AreaResampler.Resize(after, before.Width, before.Height);
        var frame = new bool[before.Width * before.Height];
        foreach (var r in diff.Regions)
            for (var y = r.Y; y < r.Y + r.Height; y++)
                for (var x = r.X; x < r.X + r.Width; x++)
                    if (x == r.X || y == r.Y || x == r.X + r.Width - 1 || y == r.Y + r.Height - 1) frame[y * before.Width + x] = true;
        var map = Rgb(after, (x, y, c) =>
        {
            var i = (y * before.Width + x) * 4;
            var a = before.Pixels.AsSpan(i, 4);
            var b = after.Pixels.AsSpan(i, 4);
            var delta = Math.Max(Math.Max(Math.Abs(a[0] - b[0]), Math.Abs(a[1] - b[1])), Math.Max(Math.Abs(a[2] - b[2]), Math.Abs(a[3] - b[3])));
            if (frame[y * before.Width + x]) return (20, 90, 200);
            if (delta > threshold) return (220, 30, 30);
            var grey = (c.R * 30 + c.G * 59 + c.B * 11) / 100;
            return (170 + grey / 4, 170 + grey / 4, 170 + grey / 4);
        });
        return Thumbnail(new RgbaImage(before.Width, before.Height, Rgba(map, before.Width, before.Height)), maxSide);
    }

    private static byte[] Rgb(RgbaImage image, Func<int, int, (int R, int G, int B), (int R, int G, int B)> colour)
    {
        var rgb = new byte[image.Width * image.Height * 3];
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var i = (y * image.Width + x) * 4;
                var p = image.Pixels;
                var alpha = p[i + 3];
                // Flatten onto white: a report page is white.
                (int R, int G, int B) flat = (Blend(p[i], alpha), Blend(p[i + 1], alpha), Blend(p[i + 2], alpha));
                var (r, g, b) = colour(x, y, flat);
                var o = (y * image.Width + x) * 3;
                rgb[o] = (byte)Math.Clamp(r, 0, 255);
                rgb[o + 1] = (byte)Math.Clamp(g, 0, 255);
                rgb[o + 2] = (byte)Math.Clamp(b, 0, 255);
            }
        return rgb;
    }

    private static int Blend(byte value, byte alpha) => (value * alpha + 255 * (255 - alpha)) / 255;

    private static byte[] Rgba(byte[] rgb, int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (int i = 0, o = 0; i < rgb.Length; i += 3, o += 4)
        {
            rgba[o] = rgb[i];
            rgba[o + 1] = rgb[i + 1];
            rgba[o + 2] = rgb[i + 2];
            rgba[o + 3] = 255;
        }
        return rgba;
    }
}
