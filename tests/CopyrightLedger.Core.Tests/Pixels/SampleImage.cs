namespace CopyrightLedger.Core.Tests.Pixels;

/// <summary>
/// A deterministic test image in any PNG colour type and depth: pseudo-random samples, a palette with partial tRNS
/// alpha for type 3, and a tRNS key colour for types 0 and 2 that pixels 0 and 5 carry. Knows its expected RGBA.
/// With <c>roundingSafe</c>, 16-bit samples keep their low byte below 0x40, so that taking the high byte (as we do) and
/// ffmpeg's reduction to 8 bits (which rounds, and for RGB dithers low bytes from about 0x70 up) agree.
/// </summary>
internal sealed record SampleImage(int Width, int Height, int ColorType, int Depth, ushort[] Samples, byte[]? Palette, byte[]? Transparency)
{
    public static SampleImage Create(int width, int height, int colorType, int depth, bool roundingSafe = false)
    {
        var channels = TestPng.Channels(colorType);
        var entries = Math.Min(1 << depth, 13);
        var range = colorType == 3 ? entries : 1 << depth;
        var samples = new ushort[width * height * channels];
        for (var i = 0; i < samples.Length; i++) samples[i] = (ushort)((uint)(i + 1) * 2654435761u % (uint)range);
        if (roundingSafe && depth == 16)
            for (var i = 0; i < samples.Length; i++) samples[i] &= 0xFF3F;
        byte[]? palette = null, transparency = null;
        if (colorType == 3)
        {
            palette = Enumerable.Range(0, entries * 3).Select(i => (byte)(i * 37 + 11)).ToArray();
            transparency = Enumerable.Range(0, entries - 1).Select(i => (byte)(i * 19 + 3)).ToArray();
        }
        else if (colorType is 0 or 2)
        {
            if (samples.Length >= 6 * channels) samples.AsSpan(0, channels).CopyTo(samples.AsSpan(5 * channels));
            transparency = samples[..channels].SelectMany(s => new[] { (byte)(s >> 8), (byte)s }).ToArray();
        }
        return new SampleImage(width, height, colorType, depth, samples, palette, transparency);
    }

    public byte[] Png(bool interlaced) => TestPng.Build(Width, Height, Depth, ColorType, Samples, interlaced, Palette, Transparency);

    public byte[] ExpectedRgba()
    {
        var channels = TestPng.Channels(ColorType);
        var rgba = new byte[Width * Height * 4];
        for (var p = 0; p < Width * Height; p++)
        {
            var s = Samples.AsSpan(p * channels, channels);
            var isKey = Transparency is not null && ColorType is 0 or 2 && s.SequenceEqual(Samples.AsSpan(0, channels));
            byte[] pixel = ColorType switch
            {
                0 => [To8(s[0]), To8(s[0]), To8(s[0]), isKey ? (byte)0 : (byte)255],
                2 => [To8(s[0]), To8(s[1]), To8(s[2]), isKey ? (byte)0 : (byte)255],
                3 => [Palette![s[0] * 3], Palette[s[0] * 3 + 1], Palette[s[0] * 3 + 2], s[0] < Transparency!.Length ? Transparency[s[0]] : (byte)255],
                4 => [To8(s[0]), To8(s[0]), To8(s[0]), To8(s[1])],
                _ => [To8(s[0]), To8(s[1]), To8(s[2]), To8(s[3])],
            };
            pixel.CopyTo(rgba, p * 4);
        }
        return rgba;
    }

    private byte To8(int sample) => Depth switch
    {
        16 => (byte)(sample >> 8),
        8 => (byte)sample,
        _ => (byte)(sample * 255 / ((1 << Depth) - 1)),
    };
}
