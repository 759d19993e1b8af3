using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

public sealed class ImageDiffTests
{
    private static RgbaImage Canvas(int width, int height) =>
        PerceptualHashTests.Synthetic(width, height, (x, y) => (byte)(x * 3), (x, y) => (byte)(y * 3), (x, y) => (byte)((x + y) % 7 * 10));

    private static RgbaImage Paint(RgbaImage image, PixelRect rect, (byte R, byte G, byte B, byte A) colour)
    {
        var pixels = (byte[])image.Pixels.Clone();
        for (var y = rect.Y; y < rect.Y + rect.Height; y++)
            for (var x = rect.X; x < rect.X + rect.Width; x++)
            {
                var i = (y * image.Width + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = colour;
            }
        return new RgbaImage(image.Width, image.Height, pixels);
    }

    [Fact]
    public void Identical_images_have_no_changes()
    {
        var difference = ImageDiff.Compare(Canvas(64, 64), Canvas(64, 64));
        Assert.Equal((64, 64, 0L, 0.0, false), (difference.Width, difference.Height, difference.ChangedPixels, difference.ChangedShare, difference.SizeDiffers));
        Assert.Empty(difference.Regions);
    }

    [Fact]
    public void A_painted_rectangle_is_counted_exactly_and_boxed_tightly()
    {
        var before = Canvas(64, 64);
        var edit = new PixelRect(20, 30, 10, 12);
        var difference = ImageDiff.Compare(before, Paint(before, edit, (255, 0, 255, 255)));
        Assert.Equal(120, difference.ChangedPixels);
        Assert.Equal(120 / 4096.0, difference.ChangedShare);
        var region = Assert.Single(difference.Regions);
        Assert.True(region.X <= 20 && region.Y <= 30 && region.X + region.Width >= 30 && region.Y + region.Height >= 42);
        Assert.True(20 - region.X < ImageDiff.CellSize && 30 - region.Y < ImageDiff.CellSize);
        Assert.True(region.X + region.Width - 30 < ImageDiff.CellSize && region.Y + region.Height - 42 < ImageDiff.CellSize);
        Assert.Equal(edit, region);
    }

    [Fact]
    public void Two_separate_edits_are_two_regions_largest_first()
    {
        var before = Canvas(128, 96);
        var after = Paint(Paint(before, new PixelRect(4, 4, 6, 5), (255, 255, 255, 255)), new PixelRect(70, 50, 30, 20), (255, 255, 255, 255));
        var difference = ImageDiff.Compare(before, after);
        Assert.Equal(30 + 600, difference.ChangedPixels);
        Assert.Equal([new PixelRect(70, 50, 30, 20), new PixelRect(4, 4, 6, 5)], difference.Regions);
    }

    [Fact]
    public void Changes_at_or_below_the_threshold_do_not_count_and_alpha_does()
    {
        var before = PerceptualHashTests.Synthetic(16, 16, (_, _) => 100, (_, _) => 100, (_, _) => 100);
        var after = Paint(Paint(before, new PixelRect(0, 0, 16, 8), (124, 76, 100, 255)), new PixelRect(0, 8, 2, 1), (100, 100, 100, 230));
        var difference = ImageDiff.Compare(before, after);
        Assert.Equal(2, difference.ChangedPixels);
        Assert.Equal([new PixelRect(0, 8, 2, 1)], difference.Regions);
        Assert.Equal(16 * 8 + 2, ImageDiff.Compare(before, after, threshold: 23).ChangedPixels);
    }

    [Fact]
    public void A_speckled_stroke_is_one_region()
    {
        var before = Canvas(100, 40);
        var after = before;
        for (var x = 5; x < 95; x += 5) after = Paint(after, new PixelRect(x, 10 + x / 10, 1, 1), (255, 255, 0, 255));
        var difference = ImageDiff.Compare(before, after);
        Assert.Equal(18, difference.ChangedPixels);
        Assert.Equal([new PixelRect(5, 10, 86, 10)], difference.Regions);
    }

    [Fact]
    public void Beyond_the_limit_the_smallest_regions_merge_into_the_last()
    {
        var before = Canvas(256, 256);
        var after = before;
        for (var row = 0; row < 8; row++)
            for (var column = 0; column < 8; column++)
                after = Paint(after, new PixelRect(column * 32, row * 32, 1 + (row * 8 + column == 0 ? 1 : 0), 1), (255, 255, 255, 255));
        var difference = ImageDiff.Compare(before, after);
        Assert.Equal(65, difference.ChangedPixels);
        Assert.Equal(ImageDiff.MaxRegions, difference.Regions.Count);
        Assert.Equal(new PixelRect(0, 0, 2, 1), difference.Regions[0]);
        // Then by area, top to bottom, left to right: the 30 singles kept are (32, 0) to (192, 96); from (224, 96) on they merge.
        Assert.Equal(new PixelRect(32, 0, 1, 1), difference.Regions[1]);
        Assert.Equal(new PixelRect(192, 96, 1, 1), difference.Regions[30]);
        Assert.Equal(new PixelRect(0, 96, 225, 129), difference.Regions[31]);
    }

    [Fact]
    public void Different_sizes_compare_after_area_averaging_to_the_first_size()
    {
        var before = Canvas(32, 24);
        var doubled = new byte[64 * 48 * 4];
        for (var y = 0; y < 48; y++)
            for (var x = 0; x < 64; x++)
                before.Pixels.AsSpan((y / 2 * 32 + x / 2) * 4, 4).CopyTo(doubled.AsSpan((y * 64 + x) * 4));
        var difference = ImageDiff.Compare(before, new RgbaImage(64, 48, doubled));
        Assert.Equal((32, 24, true, 0L), (difference.Width, difference.Height, difference.SizeDiffers, difference.ChangedPixels));
        Assert.Empty(difference.Regions);
        var cropped = ImageDiff.Compare(before, Canvas(16, 24));
        Assert.True(cropped.SizeDiffers);
        Assert.InRange(cropped.ChangedShare, 0.3, 1.0);
    }
}
