using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Imaging;

public sealed class PngTests
{
    private static byte[] Pixels(int w, int h) => Enumerable.Range(0, w * h * 3).Select(i => (byte)(i * 7)).ToArray();

    private static byte[] Sample(params (string, string)[] text) =>
        PngEncoder.Encode(4, 3, Pixels(4, 3), text, new DateTime(2023, 2, 24, 12, 21, 5, DateTimeKind.Utc));

    [Fact]
    public void Written_text_and_time_read_back_exactly()
    {
        var png = PngFile.Read(new MemoryStream(Sample(("parameters", "a girl\nSteps: 20, Seed: 1"), ("comment", "春风"))));
        Assert.Equal((4, 3, 8, 2), (png.Width, png.Height, png.BitDepth, png.ColorType));
        Assert.Equal(new DateTime(2023, 2, 24, 12, 21, 5, DateTimeKind.Utc), png.LastModifiedUtc);
        Assert.Collection(png.Text,
            t => Assert.Equal(("tEXt", "parameters", "a girl\nSteps: 20, Seed: 1"), (t.ChunkType, t.Keyword, t.Text)),
            t => Assert.Equal(("iTXt", "comment", "春风"), (t.ChunkType, t.Keyword, t.Text)));
        Assert.Equal(["IHDR", "tEXt", "iTXt", "tIME", "IDAT", "IEND"], png.Chunks.Select(c => c.Type));
    }

    [Fact]
    public void Encoding_is_deterministic_and_the_pixels_survive_a_real_decoder()
    {
        var a = Sample(("parameters", "x"));
        Assert.Equal(a, Sample(("parameters", "x")));
        // Undo the Sub filter on the inflated IDAT and compare with the input pixels.
        var idat = PngFile.Read(new MemoryStream(a)).Chunks.Single(c => c.Type == "IDAT").Data;
        using var z = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        var decoded = new List<byte>();
        for (var y = 0; y < 3; y++)
        {
            Assert.Equal(1, rows[y * 13]);
            var row = new byte[12];
            for (var x = 0; x < 12; x++) row[x] = (byte)(rows[y * 13 + 1 + x] + (x >= 3 ? row[x - 3] : 0));
            decoded.AddRange(row);
        }
        Assert.Equal(Pixels(4, 3), decoded.ToArray());
    }

    [Fact]
    public void Exiftool_reads_the_parameters_we_write()
    {
        var path = Path.Combine(RepoPaths.NewTempDir(), "p.png");
        File.WriteAllBytes(path, Sample(("parameters", "a girl, dusk\nNegative prompt: lowres\nSteps: 20, Seed: 18446744073709551615")));
        var psi = new ProcessStartInfo("exiftool", ["-b", "-Parameters", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("exiftool did not start (./ledger test installs libimage-exiftool-perl)");
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal("a girl, dusk\nNegative prompt: lowres\nSteps: 20, Seed: 18446744073709551615", output);
    }

    [Fact]
    public void Compressed_text_chunks_are_inflated()
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(Encoding.Latin1.GetBytes("hello zTXt"));
        var ztxt = PngFile.DecodeTextChunk("zTXt", [.. "k"u8, 0, 0, .. compressed.ToArray()]);
        Assert.Equal(("k", "hello zTXt"), (ztxt.Keyword, ztxt.Text));
        var itxt = PngFile.DecodeTextChunk("iTXt", [.. "k"u8, 0, 1, 0, .. "zh"u8, 0, 0, .. compressed.ToArray()]);
        Assert.Equal("hello zTXt", itxt.Text);
    }

    [Fact]
    public void A_zip_bomb_in_a_text_chunk_stops_at_the_bound()
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(new byte[4 << 20]);
        var e = Assert.Throws<PngFormatException>(() => PngFile.DecodeTextChunk("zTXt", [.. "k"u8, 0, 0, .. compressed.ToArray()], maxInflated: 1 << 20));
        Assert.Contains("inflates beyond", e.Message);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bad-crc")]
    [InlineData("huge-length")]
    [InlineData("no-signature")]
    [InlineData("no-iend")]
    public void Damaged_files_fail_with_a_clear_message(string damage)
    {
        var good = Sample(("parameters", "a girl"));
        var bad = (byte[])good.Clone();
        string expected;
        switch (damage)
        {
            case "truncated": bad = good[..(good.Length - 30)]; expected = "truncated"; break;
            case "bad-crc": bad[45] ^= 0x20; expected = "bad CRC"; break;
            case "huge-length": BinaryPrimitives.WriteUInt32BigEndian(bad.AsSpan(33), 0x7FFF_FFF0); expected = "over the limit"; break;
            case "no-signature": bad[1] = (byte)'X'; expected = "signature"; break;
            default: bad = good[..(good.Length - 12)]; expected = "no IEND"; break;
        }
        var e = Assert.Throws<PngFormatException>(() => PngFile.Read(new MemoryStream(bad)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Crc32_matches_the_png_specification_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8, []));
}
