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
        return PngEncoder.Encode(small.Width, small.Height, OnWhite(small), [], level: System.IO.Compression.CompressionLevel.NoCompression);
    }

    /// <summary>
    /// <paramref name="after"/> (resized to <paramref name="before"/>'s size if it differs) in pale grey, with the pixels
    /// <see cref="ImageDiff"/> counts as changed in red, and each changed region framed; then scaled like a thumbnail.
    /// </summary>
    public static byte[] DifferenceMap(RgbaImage before, RgbaImage after, ImageDifference diff, int maxSide, int threshold = ImageDiff.DefaultThreshold)
    {
        if (after.Width != before.Width || after.Height != before.Height) after = AreaResampler.Resize(after, before.Width, before.Height);
        var (w, h) = (before.Width, before.Height);
        var flat = OnWhite(after);
        var map = new byte[w * h * 4];
        for (var p = 0; p < w * h; p++)
        {
            var o = p * 4;
            var delta = 0;
            for (var c = 0; c < 4; c++) delta = Math.Max(delta, Math.Abs(before.Pixels[o + c] - after.Pixels[o + c]));
            var grey = 170 + (flat[p * 3] * 30 + flat[p * 3 + 1] * 59 + flat[p * 3 + 2] * 11) / 400;
            (int R, int G, int B) colour = delta > threshold ? (220, 30, 30) : (grey, grey, grey);
            (map[o], map[o + 1], map[o + 2], map[o + 3]) = ((byte)colour.R, (byte)colour.G, (byte)colour.B, 255);
        }
        foreach (var r in diff.Regions) // each changed region framed in blue
            for (var y = r.Y; y < r.Y + r.Height; y++)
                for (var x = r.X; x < r.X + r.Width; x++)
                    if (x == r.X || y == r.Y || x == r.X + r.Width - 1 || y == r.Y + r.Height - 1)
                        (map[(y * w + x) * 4], map[(y * w + x) * 4 + 1], map[(y * w + x) * 4 + 2]) = (20, 90, 200);
        return Thumbnail(new RgbaImage(w, h, map), maxSide);
    }

    /// <summary>RGB with transparency flattened onto white: a report page is white.</summary>
    private static byte[] OnWhite(RgbaImage image)
    {
        var p = image.Pixels;
        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0, o = 0; i < p.Length; i += 4, o += 3)
        {
            var alpha = p[i + 3];
            rgb[o] = Blend(p[i], alpha);
            rgb[o + 1] = Blend(p[i + 1], alpha);
            rgb[o + 2] = Blend(p[i + 2], alpha);
        }
        return rgb;
    }

    private static byte Blend(byte value, byte alpha) => (byte)((value * alpha + 255 * (255 - alpha)) / 255);
}
