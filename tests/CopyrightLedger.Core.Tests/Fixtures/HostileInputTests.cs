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

    /// <summary>A PNG whose IHDR declares 100000×100000 pixels over the 4×4 image's few bytes of data, CRC fixed.</summary>
    internal static byte[] HugeDeclaredPng()
    {
        var png = PngEncoder.Encode(4, 4, Pixels, [("parameters", "a cat\nSteps: 20, Seed: 1, Size: 512x512")]);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 100_000);
        // Fix the IHDR CRC so the file is structurally valid: only the numbers are absurd.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Of("IHDR"u8, png.AsSpan(16, 13)));
        return png;
    }

    [Fact]
    public void Huge_declared_dimensions_that_the_image_data_cannot_hold_are_an_error_without_decoding()
    {
        var report = Read(HugeDeclaredPng());
        Assert.Contains("declares 100000×100000 pixels", report.Error);
        Assert.Contains("cannot hold", report.Error);
        Assert.Equal(report.Error, report.Damage);
        Assert.Equal(report.Error, InspectReport.ToJson("x.png", report)["error"]?.GetValue<string>());
    }

    [Fact]
    public void An_empty_file_is_an_error_whatever_its_name()
    {
        foreach (var name in new[] { "x.png", "notes.txt", "x" })
            Assert.Equal("the file is empty (0 bytes)", Read([], name).Error);
    }

    [Fact]
    public void Bytes_that_are_not_the_image_their_extension_names_are_an_error()
    {
        var report = Read("<html>not a picture</html>"u8.ToArray(), "photo.png");
        Assert.Contains("named .png", report.Error);
        Assert.Contains("3c 68 74 6d", report.Error); // the first bytes, so the reader sees what it is instead
        Assert.Null(Read("<html>not a picture</html>"u8.ToArray(), "page.html").Error); // no claim, no error
    }

    [Fact]
    public void Json_nested_200000_deep_is_a_named_damage_warning_the_chunk_kept_raw_and_the_rest_read()
    {
        var deep = new string('[', 200_000) + new string(']', 200_000);
        var png = PngEncoder.Encode(4, 4, Pixels, [("prompt", "{\"1\":" + deep + "}"), ("Software", "test")]);
        var report = Read(png);
        Assert.Null(report.Error);
        Assert.Null(report.Generation);
        Assert.NotNull(report.Damage);
        Assert.Contains("ComfyUI", report.Damage);
        Assert.EndsWith("the chunk is kept raw", report.Damage);
        Assert.Contains(report.Damage, report.Warnings);
        Assert.Contains(report.Chunks, c => c.Key == "prompt");
        Assert.Contains(report.Text, t => t.Key == "Software" && t.Text == "test");
        Assert.Equal(report.Damage, InspectReport.ToJson("x.png", report)["damaged"]?.GetValue<string>());
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
