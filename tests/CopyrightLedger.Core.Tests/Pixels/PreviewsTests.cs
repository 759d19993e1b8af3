using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

/// <summary>The report pictures: thumbnails keep the aspect and flatten onto white; difference maps mark what changed.</summary>
public sealed class PreviewsTests
{
    private static RgbaImage Solid(int w, int h, byte r, byte g, byte b, byte a = 255)
    {
        var px = new byte[w * h * 4];
        for (var i = 0; i < px.Length; i += 4) (px[i], px[i + 1], px[i + 2], px[i + 3]) = (r, g, b, a);
        return new RgbaImage(w, h, px);
    }

    [Fact]
    public void A_thumbnail_keeps_the_aspect_never_grows_and_sets_transparency_on_white()
    {
        var big = PngDecoder.Decode(new MemoryStream(Previews.Thumbnail(Solid(400, 100, 0, 0, 0), 200)));
        Assert.Equal((200, 50), (big.Width, big.Height));
        var small = PngDecoder.Decode(new MemoryStream(Previews.Thumbnail(Solid(40, 30, 0, 0, 0, a: 0), 200)));
        Assert.Equal((40, 30), (small.Width, small.Height));
        Assert.Equal((255, 255, 255, 255), small.GetPixel(5, 5)); // fully transparent black is white on the page
    }

    [Fact]
    public void A_difference_map_shows_changed_pixels_red_their_region_framed_blue_and_the_rest_pale_grey()
    {
        var before = Solid(64, 64, 100, 100, 100);
        var afterPixels = (byte[])before.Pixels.Clone();
        for (var y = 20; y < 30; y++)
            for (var x = 20; x < 30; x++) afterPixels[(y * 64 + x) * 4] = 250; // a 10 x 10 square turned red-ish
        var after = new RgbaImage(64, 64, afterPixels);
        var diff = ImageDiff.Compare(before, after);
        var map = PngDecoder.Decode(new MemoryStream(Previews.DifferenceMap(before, after, diff, 64)));

        Assert.Equal((220, 30, 30, 255), map.GetPixel(25, 25));
        var r = diff.Regions.Single();
        Assert.Equal((20, 90, 200, 255), map.GetPixel(r.X, r.Y));
        var grey = (byte)(170 + (100 * 30 + 100 * 59 + 100 * 11) / 400);
        Assert.Equal((grey, grey, grey, (byte)255), map.GetPixel(5, 5));
    }
}
