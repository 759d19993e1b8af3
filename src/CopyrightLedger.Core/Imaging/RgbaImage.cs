namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// An 8-bit-per-channel RGBA raster: <see cref="Pixels"/> holds <c>Width * Height * 4</c> bytes, row-major from the
/// top-left pixel, each pixel as R, G, B, A with straight (not premultiplied) alpha.
/// </summary>
public sealed class RgbaImage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width), "Width is positive.");

    public int Height { get; } = height > 0 ? height : throw new ArgumentOutOfRangeException(nameof(height), "Height is positive.");

    public byte[] Pixels { get; } = Checked(width, height, pixels);

    public (byte R, byte G, byte B, byte A) GetPixel(int x, int y)
    {
        if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x), $"x must be below {Width}.");
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), $"y must be below {Height}.");
        var i = (y * Width + x) * 4;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    private static byte[] Checked(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height * 4 != pixels.LongLength)
            throw new ArgumentException($"A {width} x {height} RGBA image needs {(long)width * height * 4} bytes, got {pixels.LongLength}.", nameof(pixels));
        return pixels;
    }
}
