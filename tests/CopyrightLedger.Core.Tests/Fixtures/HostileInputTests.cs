using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>The named hostile inputs of the importer issue, each ending in a clear report.</summary>
public sealed class HostileInputTests
{
    private static byte[] Pixels => new byte[4 * 4 * 3];

    private static FileMetadata Read(byte[] bytes, string name = "x.png") => MetadataReader.Read(new MemoryStream(bytes), name);

    [Fact]
    public void A_ztxt_bomb_is_stopped_at_the_bound()
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            for (var i = 0; i < 64; i++) z.Write(new byte[1 << 20]); // 64 MiB of zeros in a few KiB
        var png = PngEncoder.Encode(4, 4, Pixels, [], null, [("zTXt", [.. "parameters"u8, 0, 0, .. compressed.ToArray()])]);
        var report = Read(png);
        Assert.Contains("inflates beyond", report.Error);
    }

    [Fact]
    public void A_chunk_length_near_2_pow_31_is_refused_before_allocating()
    {
        var png = PngEncoder.Encode(4, 4, Pixels, [("parameters", "p")]);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(33), 0x7FFF_FFFE);
        Assert.Contains("over the limit", Read(png).Error);
    }

    [Fact]
    public void Huge_declared_dimensions_are_reported_not_allocated()
    {
        var png = PngEncoder.Encode(4, 4, Pixels, [("parameters", "a cat\nSteps: 20, Seed: 1, Size: 512x512")]);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 100_000);
        // Fix the IHDR CRC so the file is structurally valid: only the numbers are absurd.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Of("IHDR"u8, png.AsSpan(16, 13)));
        var report = Read(png);
        Assert.Null(report.Error);
        Assert.Equal((100_000, 100_000), (report.Width, report.Height));
        Assert.Equal("a cat", report.Generation?.Prompt);
    }

    [Fact]
    public void Json_nested_200000_deep_fails_fast_as_a_warning_and_the_rest_is_read()
    {
        var deep = new string('[', 200_000) + new string(']', 200_000);
        var png = PngEncoder.Encode(4, 4, Pixels, [("prompt", "{\"1\":" + deep + "}"), ("Software", "test")]);
        var report = Read(png);
        Assert.Null(report.Error);
        Assert.Null(report.Generation);
        Assert.Contains(report.Warnings, w => w.Contains("ComfyUI", StringComparison.OrdinalIgnoreCase) || w.Contains("depth", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(report.Text, t => t.Key == "Software" && t.Text == "test");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Random_bytes_are_unknown_not_fatal(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var report = Read(bytes, "random.bin");
        Assert.Equal("application/octet-stream", report.MediaType);
        Assert.Null(report.Generation);
    }

    [Fact]
    public void A_png_named_jpg_is_read_as_the_png_it_is()
    {
        var png = PngEncoder.Encode(4, 4, Pixels, [("parameters", "a cat\nSteps: 20, Seed: 7, Size: 512x512")]);
        var report = Read(png, "photo.jpg");
        Assert.Equal("image/png", report.MediaType);
        Assert.Equal("7", report.Generation?.Seed);
    }

    [Fact]
    public void A_jpeg_header_followed_by_garbage_is_an_error_with_a_reason()
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, .. Encoding.ASCII.GetBytes("Exif\0\0MM")];
        var report = Read(bytes, "broken.jpg");
        Assert.Equal("image/jpeg", report.MediaType);
        Assert.NotNull(report.Error);
        Assert.Contains("JPEG", report.Error);
    }
}
