using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

public sealed class PerceptualHashTests
{
    private static string Sample(string relative) => Path.Combine(RepoPaths.Samples, relative);

    private static readonly string Original = Sample("li-v-liu/images/01-a.png");

    [Fact]
    public void A_jpeg_re_encode_at_quality_90_stays_close()
    {
        var jpeg = Path.Combine(RepoPaths.NewTempDir(), "01-a.jpg");
        Ffmpeg.Convert(Original, jpeg, "-q:v", "3"); // mjpeg qscale 3 is about libjpeg quality 90
        var reloaded = PixelSource.Load(jpeg);
        Assert.Equal((512, 704), (reloaded.Width, reloaded.Height));
        Assert.InRange(PerceptualHash.Distance(PerceptualHash.Of(PixelSource.Load(Original)), PerceptualHash.Of(reloaded)), 0, 6);
    }

    [Fact]
    public void A_half_size_copy_stays_close()
    {
        var half = Path.Combine(RepoPaths.NewTempDir(), "half.png");
        Ffmpeg.Convert(Original, half, "-vf", "scale=iw/2:ih/2");
        var reloaded = PixelSource.Load(half);
        Assert.Equal((256, 352), (reloaded.Width, reloaded.Height));
        Assert.InRange(PerceptualHash.Distance(PerceptualHash.Of(PixelSource.Load(Original)), PerceptualHash.Of(reloaded)), 0, 6);
    }

    [Fact]
    public void A_different_picture_is_far()
    {
        var other = PixelSource.Load(Sample("reroll-only/images/cat-2.png"));
        Assert.InRange(PerceptualHash.Distance(PerceptualHash.Of(PixelSource.Load(Original)), PerceptualHash.Of(other)), 16, 64);
    }

    [Fact]
    public void A_gradient_and_its_mirror_image_are_far()
    {
        var gradient = Synthetic(64, 48, (x, y) => (byte)(x * 4), (x, y) => (byte)(y * 5), (_, _) => 128);
        var mirrored = Synthetic(64, 48, (x, y) => (byte)((63 - x) * 4), (x, y) => (byte)(y * 5), (_, _) => 128);
        Assert.InRange(PerceptualHash.Distance(PerceptualHash.Of(gradient), PerceptualHash.Of(mirrored)), 16, 64);
    }

    [Fact]
    public void The_hash_is_the_same_on_every_run()
    {
        var image = PixelSource.Load(Original);
        Assert.Equal(PerceptualHash.Of(image), PerceptualHash.Of(PixelSource.Load(Original)));
        // Pinned: hashes are stored, so a change to the algorithm must show up here.
        Assert.Equal(0x3358CEB352C8B749UL, PerceptualHash.Of(image));
    }

    [Fact]
    public void Transparent_pixels_count_as_white()
    {
        var hidden = Synthetic(40, 40, (x, y) => (byte)(x * 6), (_, y) => (byte)(y * 6), (x, _) => x < 20 ? (byte)0 : (byte)255,
            alpha: (x, _) => x < 20 ? (byte)0 : (byte)255);
        var white = Synthetic(40, 40, (x, y) => x < 20 ? (byte)255 : (byte)(x * 6), (x, y) => x < 20 ? (byte)255 : (byte)(y * 6), (_, _) => 255);
        Assert.Equal(PerceptualHash.Of(white), PerceptualHash.Of(hidden));
    }

    [Fact]
    public void Distance_counts_differing_bits()
    {
        Assert.Equal(0, PerceptualHash.Distance(0x3358CEB352C8B749UL, 0x3358CEB352C8B749UL));
        Assert.Equal(2, PerceptualHash.Distance(0b1011, 0b0001));
        Assert.Equal(64, PerceptualHash.Distance(0, ulong.MaxValue));
    }

    internal static RgbaImage Synthetic(int width, int height, Func<int, int, byte> red, Func<int, int, byte> green, Func<int, int, byte> blue,
        Func<int, int, byte>? alpha = null)
    {
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (red(x, y), green(x, y), blue(x, y), alpha?.Invoke(x, y) ?? 255);
            }
        return new RgbaImage(width, height, pixels);
    }
}
