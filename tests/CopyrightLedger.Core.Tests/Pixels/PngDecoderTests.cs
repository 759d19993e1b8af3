using System.Diagnostics;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Pixels;

public sealed class PngDecoderTests
{
    public static TheoryData<int, int, bool> AllFormats()
    {
        var data = new TheoryData<int, int, bool>();
        (int ColorType, int[] Depths)[] formats = [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])];
        foreach (var (colorType, depths) in formats)
            foreach (var depth in depths)
                foreach (var interlaced in new[] { false, true })
                    data.Add(colorType, depth, interlaced);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Every_colour_type_and_bit_depth_decodes_to_the_expected_pixels(int colorType, int depth, bool interlaced)
    {
        var image = SampleImage.Create(13, 11, colorType, depth);
        var decoded = PngDecoder.Decode(new MemoryStream(image.Png(interlaced)));
        Assert.Equal((13, 11), (decoded.Width, decoded.Height));
        Assert.Equal(image.ExpectedRgba(), decoded.Pixels);
    }

    [Theory]
    [InlineData(2, 8, false)]
    [InlineData(6, 8, false)]
    [InlineData(3, 8, false)]
    [InlineData(3, 4, false)]
    [InlineData(2, 16, false)]
    [InlineData(6, 16, false)]
    [InlineData(0, 16, false)]
    [InlineData(4, 8, false)]
    [InlineData(0, 8, false)]
    [InlineData(2, 8, true)]
    [InlineData(6, 16, true)]
    [InlineData(3, 2, true)]
    public void Pixels_match_ffmpeg(int colorType, int depth, bool interlaced)
    {
        // ffmpeg rounds 16-bit samples to 8 bits where we keep the high byte; the samples are chosen so both agree.
        var image = SampleImage.Create(37, 29, colorType, depth, roundingSafe: true);
        var path = Path.Combine(RepoPaths.NewTempDir(), "f.png");
        File.WriteAllBytes(path, image.Png(interlaced));
        Assert.Equal(Ffmpeg.DecodeRgba(path), PngDecoder.Decode(File.OpenRead(path)).Pixels);
    }

    public static TheoryData<string> SamplePngs() =>
        new(Directory.GetFiles(RepoPaths.Samples, "*.png", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == "images")
            .Select(p => Path.GetRelativePath(RepoPaths.Samples, p)).Order());

    [Theory]
    [MemberData(nameof(SamplePngs))]
    public void Sample_images_match_ffmpeg(string relativePath)
    {
        var path = Path.Combine(RepoPaths.Samples, relativePath);
        var decoded = PngDecoder.Decode(File.OpenRead(path));
        Assert.Equal(PngFile.Read(File.OpenRead(path)).Width, decoded.Width);
        Assert.Equal(Ffmpeg.DecodeRgba(path), decoded.Pixels);
    }

    [Fact]
    public void A_two_bit_palette_row_with_transparency_gives_exact_colours()
    {
        byte[] palette = [255, 0, 0, 0, 255, 0, 0, 0, 255];
        var png = TestPng.Build(4, 1, 2, 3, [2, 0, 1, 0], palette: palette, transparency: [128]);
        var image = PngDecoder.Decode(new MemoryStream(png));
        Assert.Equal((0, 0, 255, 255), image.GetPixel(0, 0));
        Assert.Equal((255, 0, 0, 128), image.GetPixel(1, 0));
        Assert.Equal((0, 255, 0, 255), image.GetPixel(2, 0));
    }

    [Fact]
    public void Sixteen_bit_samples_keep_their_high_byte_and_match_the_transparent_colour_at_full_precision()
    {
        ushort[] samples = [0x1234, 0xABCD, 0xFFFF, 0x1234, 0xABCE, 0xFFFF];
        var png = TestPng.Build(2, 1, 16, 2, samples, transparency: [0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF]);
        var image = PngDecoder.Decode(new MemoryStream(png));
        Assert.Equal((0x12, 0xAB, 0xFF, 0), image.GetPixel(0, 0));
        Assert.Equal((0x12, 0xAB, 0xFF, 255), image.GetPixel(1, 0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 9)]
    [InlineData(9, 5)]
    [InlineData(17, 1)]
    public void Adam7_agrees_with_the_same_image_not_interlaced_at_awkward_sizes(int width, int height)
    {
        var image = SampleImage.Create(width, height, 6, 8);
        var interlaced = PngDecoder.Decode(new MemoryStream(image.Png(interlaced: true)));
        var plain = PngDecoder.Decode(new MemoryStream(image.Png(interlaced: false)));
        Assert.Equal(image.ExpectedRgba(), interlaced.Pixels);
        Assert.Equal(plain.Pixels, interlaced.Pixels);
    }

    [Fact]
    public void A_huge_header_is_refused_quickly_before_allocating()
    {
        var png = TestPng.Assemble(100_000, 100_000, 8, 2, false, TestPng.Zlib([0]));
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Equal("image is 100000 x 100000 pixels, over the limit of 100000000", error.Message);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 1000);
    }

    [Fact]
    public void Truncated_image_data_is_refused()
    {
        var raw = TestPng.Scanlines(16, 16, 8, 3, new ushort[16 * 16 * 3], interlaced: false);
        Assert.Equal(16 * (1 + 48), raw.Length);
        var png = TestPng.Assemble(16, 16, 8, 2, false, TestPng.Zlib(raw[..400]));
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Equal("image data is truncated: it inflates to 400 bytes, the header implies 784", error.Message);
    }

    [Fact]
    public void A_large_image_with_little_data_is_refused_before_allocating_for_it()
    {
        var compressed = TestPng.Zlib(new byte[1000]);
        var png = TestPng.Assemble(10_000, 10_000, 8, 6, false, compressed);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, 0, 1 << 20);
        Assert.Equal($"image data is truncated: {compressed.Length} compressed bytes cannot inflate to the 400010000 the header implies", error.Message);
    }

    [Fact]
    public void A_cut_zlib_stream_is_refused()
    {
        var compressed = TestPng.Zlib(TestPng.Scanlines(16, 16, 8, 3, SampleImage.Create(16, 16, 2, 8).Samples, interlaced: false));
        var png = TestPng.Assemble(16, 16, 8, 2, false, compressed[..(compressed.Length / 2)]);
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.StartsWith("image data is ", error.Message);
    }

    [Fact]
    public void A_zlib_stream_asking_for_a_preset_dictionary_is_refused()
    {
        // FDICT set in the zlib header: .NET reports this as a ZLibException, not an InvalidDataException.
        byte[] compressed = [0x78, 0xBB, 0, 0, 0, 1, 0x63, 0, 0];
        var png = TestPng.Assemble(4, 4, 8, 0, false, compressed);
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.StartsWith("image data is not valid zlib data (", error.Message);
    }

    [Fact]
    public void An_unknown_filter_byte_is_refused()
    {
        var raw = TestPng.Scanlines(4, 5, 8, 1, new ushort[20], interlaced: false);
        raw[3 * 5] = 5; // the filter byte of row 3 (rows are 1 + 4 bytes)
        var png = TestPng.Assemble(4, 5, 8, 0, false, TestPng.Zlib(raw));
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Equal("unknown filter type 5 on image row 3", error.Message);
    }

    [Fact]
    public void A_palette_index_beyond_the_palette_is_refused()
    {
        var png = TestPng.Build(4, 1, 8, 3, [0, 1, 2, 1], palette: [1, 2, 3, 4, 5, 6]);
        var error = Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Equal("palette index 2 is out of range: the palette has 2 entries", error.Message);
    }

    [Theory]
    [InlineData(3, 8, "a palette image (colour type 3) needs a PLTE chunk, and there is none")]
    [InlineData(2, 4, "bit depth 4 is not allowed with colour type 2")]
    [InlineData(3, 16, "bit depth 16 is not allowed with colour type 3")]
    [InlineData(0, 3, "bit depth 3 is not allowed with colour type 0")]
    [InlineData(5, 8, "unknown colour type 5")]
    public void Invalid_headers_are_refused_with_a_clear_message(int colorType, int depth, string message)
    {
        var png = TestPng.Assemble(4, 4, depth, colorType, false, TestPng.Zlib(new byte[64]));
        Assert.Equal(message, Assert.Throws<PngFormatException>(() => PngDecoder.Decode(new MemoryStream(png))).Message);
    }

    [Fact]
    public void Data_that_inflates_far_beyond_the_image_is_inflated_only_up_to_the_image()
    {
        var bomb = TestPng.Zlib(new byte[256 << 20]); // 16 x 16 grey needs 272 bytes; this holds 256 MiB of zeros
        var png = TestPng.Assemble(16, 16, 8, 0, false, bomb);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var image = PngDecoder.Decode(new MemoryStream(png));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(16 * 16 * 4, image.Pixels.Length);
        Assert.All(image.Pixels.Chunk(4), p => Assert.Equal(new byte[] { 0, 0, 0, 255 }, p));
        Assert.True(allocated < 4 * png.Length + (1 << 20), $"decoding allocated {allocated} bytes for a {png.Length}-byte file");
    }

    [Fact]
    public void Corrupted_image_data_only_ever_throws_PngFormatException()
    {
        var image = SampleImage.Create(23, 17, 6, 8);
        var compressed = TestPng.Zlib(TestPng.Scanlines(23, 17, 8, 4, image.Samples, interlaced: true));
        var random = new Random(7);
        var outcomes = new Dictionary<string, int>();
        for (var trial = 0; trial < 300; trial++)
        {
            var mutated = (byte[])compressed.Clone();
            for (var k = 0; k < 1 + trial % 4; k++) mutated[random.Next(2, mutated.Length)] = (byte)random.Next(256);
            var png = TestPng.Assemble(23, 17, 8, 6, true, mutated);
            var outcome = "decoded";
            try { PngDecoder.Decode(new MemoryStream(png)); }
            catch (PngFormatException) { outcome = "refused"; }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.Equal(300, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("refused") > 0);
    }
}
