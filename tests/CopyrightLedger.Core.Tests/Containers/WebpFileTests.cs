using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Tests.Provenance;

namespace CopyrightLedger.Core.Tests.Containers;

public sealed class WebpFileTests
{
    private static readonly byte[] Tiff = TiffBuilder.Build(bigEndian: false, [TiffBuilder.Ascii(0x0110, "prompt:{\"3\":{\"class_type\":\"KSampler\"}}")]);
    private const string Xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"; // 37 bytes: odd, so the chunk is padded

    private static byte[] Chunk(string fourCc, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(fourCc, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] Riff(params byte[][] chunks)
    {
        byte[] body = [.. "WEBP"u8, .. chunks.SelectMany(c => c)];
        var size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        return [.. "RIFF"u8, .. size, .. body];
    }

    /// <summary>A VP8L header for a width x height image: signature 0x2F, then 14-bit width-1 and height-1.</summary>
    private static byte[] Vp8l(int width, int height)
    {
        var bits = (uint)(width - 1) | (uint)(height - 1) << 14;
        var data = new byte[] { 0x2F, 0, 0, 0, 0, 0x00, 0x11 };
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(1), bits);
        return data;
    }

    [Fact]
    public void A_lossless_webp_gives_size_exif_xmp_c2pa_and_raw_chunks()
    {
        var jumbf = JumbfBuilder.ChatGptStore();
        var file = Riff(Chunk("VP8L", Vp8l(3, 2)), Chunk("EXIF", [.. "Exif\0\0"u8, .. Tiff]), Chunk("XMP ", Encoding.UTF8.GetBytes(Xmp)), Chunk("C2PA", jumbf));
        var webp = WebpFile.Read(new MemoryStream(file));
        Assert.Equal((3, 2), (webp.Width, webp.Height));
        Assert.Equal(Tiff, webp.Exif);
        Assert.Equal("prompt:{\"3\":{\"class_type\":\"KSampler\"}}", ExifReader.Read(webp.Exif!).Single().Value);
        Assert.Equal(Xmp, webp.Xmp);
        Assert.Equal(jumbf, webp.C2pa);
        Assert.Equal([("webp:EXIF", "exif"), ("webp:XMP", "xmp"), ("webp:C2PA", "c2pa")], webp.Chunks.Select(c => (c.Container, c.Key)));
        Assert.Equal([.. "Exif\0\0"u8, .. Tiff], webp.Chunks[0].Data);
    }

    [Fact]
    public void Exif_without_the_prefix_is_kept_as_is()
    {
        var webp = WebpFile.Read(new MemoryStream(Riff(Chunk("VP8L", Vp8l(1, 1)), Chunk("EXIF", Tiff))));
        Assert.Equal(Tiff, webp.Exif);
    }

    [Fact]
    public void Vp8x_canvas_size_wins_and_lossy_vp8_frames_are_read()
    {
        byte[] vp8x = [0x0C, 0, 0, 0, 0xFF, 0x03, 0x00, 0x57, 0x02, 0x00]; // canvas 1024 x 600
        byte[] vp8 = [0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00, 0x00, 0x00]; // key frame 320 x 240
        Assert.Equal((1024, 600), Size(WebpFile.Read(new MemoryStream(Riff(Chunk("VP8X", vp8x), Chunk("VP8 ", vp8))))));
        Assert.Equal((320, 240), Size(WebpFile.Read(new MemoryStream(Riff(Chunk("VP8 ", vp8))))));
    }

    private static (int, int) Size(WebpFile w) => (w.Width, w.Height);

    [Fact]
    public void A_riff_size_past_the_end_of_the_file_is_truncated()
    {
        var file = Riff(Chunk("VP8L", Vp8l(1, 1)));
        var cut = file[..^2];
        var e = Assert.Throws<MetadataFormatException>(() => WebpFile.Read(new MemoryStream(cut)));
        Assert.Equal($"WebP: the RIFF header declares {file.Length} bytes but the file has {cut.Length} (truncated)", e.Message);
    }

    [Fact]
    public void A_chunk_past_the_riff_data_is_truncated()
    {
        var file = Riff(Chunk("VP8L", Vp8l(1, 1)), Chunk("EXIF", Tiff));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12 + 16 + 4), 0x7FFF_0000);
        var e = Assert.Throws<MetadataFormatException>(() => WebpFile.Read(new MemoryStream(file)));
        Assert.Equal($"WebP: chunk 'EXIF' at byte 28 declares {0x7FFF_0000} bytes, past the end of the RIFF data (truncated)", e.Message);
    }

    [Fact]
    public void Not_a_webp_or_no_image_chunk_is_a_format_error()
    {
        Assert.Equal("WebP: not a WebP file (RIFF/WEBP header missing)",
            Assert.Throws<MetadataFormatException>(() => WebpFile.Read(new MemoryStream([.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8]))).Message);
        Assert.Equal("WebP: no VP8X, VP8 or VP8L chunk gives the image size",
            Assert.Throws<MetadataFormatException>(() => WebpFile.Read(new MemoryStream(Riff(Chunk("EXIF", Tiff))))).Message);
    }
}
