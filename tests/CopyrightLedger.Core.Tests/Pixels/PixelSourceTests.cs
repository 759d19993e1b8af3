using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

public sealed class PixelSourceTests
{
    private static readonly string Png = Path.Combine(RepoPaths.Samples, "li-v-liu/images/01-a.png");

    [Fact]
    public void A_png_loads_through_the_managed_decoder()
    {
        var loaded = PixelSource.Load(Png);
        Assert.Equal(PngDecoder.Decode(File.OpenRead(Png)).Pixels, loaded.Pixels);
    }

    [Fact]
    public void A_jpeg_loads_through_ffmpeg_whatever_its_name()
    {
        var dir = RepoPaths.NewTempDir();
        var jpeg = Path.Combine(dir, "01-a.jpg");
        Ffmpeg.Convert(Png, jpeg, "-q:v", "2");
        var misnamed = Path.Combine(dir, "-not-really.png");
        File.Copy(jpeg, misnamed);
        var original = PixelSource.Load(Png);
        foreach (var path in new[] { jpeg, misnamed })
        {
            var loaded = PixelSource.Load(path);
            Assert.Equal((512, 704), (loaded.Width, loaded.Height));
            Assert.Equal(Ffmpeg.DecodeRgba(jpeg), loaded.Pixels);
            var meanError = original.Pixels.Zip(loaded.Pixels).Average(p => Math.Abs(p.First - p.Second));
            Assert.InRange(meanError, 0, 4);
        }
    }

    [Fact]
    public void A_file_that_is_no_image_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(RepoPaths.NewTempDir(), "notes.jpg");
        File.WriteAllText(path, "not an image at all");
        var error = Assert.Throws<PixelFormatException>(() => PixelSource.Load(path));
        Assert.StartsWith($"ffprobe found no image size in {path}: ", error.Message);
        Assert.Contains("No JPEG data found", error.Message);
    }

    [Fact]
    public void A_broken_png_is_refused_by_the_png_decoder()
    {
        var path = Path.Combine(RepoPaths.NewTempDir(), "cut.png");
        var bytes = File.ReadAllBytes(Png);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<PngFormatException>(() => PixelSource.Load(path));
        Assert.Contains("truncated", error.Message);
    }
}
