using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Provenance.C2pa;
using CopyrightLedger.Core.Provenance.Xmp;
using CopyrightLedger.Core.Tests.Provenance;

namespace CopyrightLedger.Core.Tests.Containers;

public sealed class JpegFileTests
{
    private static readonly byte[] Tiff = TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x0131, "piexif")],
        [TiffBuilder.UnicodeComment(ExifReaderTests.A1111Infotext, bigEndian: true)]);

    private static readonly byte[] Jumbf = JumbfBuilder.ChatGptStore();

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>APP11 JPEG XT payload: CI "JP", En 0x0211 (as c2pa-rs writes), Z, then the box bytes.</summary>
    private static byte[] App11(uint sequence, byte[] boxBytes) => [(byte)'J', (byte)'P', 0x02, 0x11, .. U32(sequence), .. boxBytes];

    private static byte[] U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); return b; }

    private static readonly byte[] Sof0OneByOne = Segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
    private static readonly byte[] SosAndData = [.. Segment(0xDA, [1, 1, 0, 0, 63, 0]), 0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9];

    /// <summary>SOI, APP1 Exif, APP1 XMP, APP11 C2PA in two segments (the second repeating LBox/TBox), COM, SOF0 1x1, SOS, EOI.</summary>
    public static byte[] SampleJpeg()
    {
        const int split = 100;
        return
        [
            0xFF, 0xD8,
            .. Segment(0xE1, [.. "Exif\0\0"u8, .. Tiff]),
            .. Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(XmpReaderTests.PhotoshopPacket)]),
            .. Segment(0xEB, App11(1, Jumbf[..split])),
            .. Segment(0xEB, App11(2, [.. Jumbf[..8], .. Jumbf[split..]])),
            .. Segment(0xFE, "made by hand"u8.ToArray()),
            .. Sof0OneByOne,
            .. SosAndData,
        ];
    }

    [Fact]
    public void The_sample_yields_size_exif_xmp_c2pa_comment_and_raw_chunks()
    {
        var jpeg = JpegFile.Read(new MemoryStream(SampleJpeg()));
        Assert.Equal((1, 1), (jpeg.Width, jpeg.Height));
        Assert.Equal(Tiff, jpeg.Exif);
        Assert.Equal(ExifReaderTests.A1111Infotext, ExifReader.Read(jpeg.Exif!).Single(f => f.Name == "UserComment").Value);
        Assert.Equal(XmpReaderTests.PhotoshopPacket, jpeg.Xmp);
        Assert.Equal(Jumbf, jpeg.C2pa);
        Assert.Equal("ChatGPT", C2paReader.Read(jpeg.C2pa!).ClaimGenerator);
        Assert.Equal("made by hand", jpeg.Comment);
        Assert.Equal(
            [("jpeg:APP1", "exif"), ("jpeg:APP1", "xmp"), ("jpeg:APP11", "c2pa"), ("jpeg:APP11", "c2pa"), ("jpeg:COM", "comment")],
            jpeg.Chunks.Select(c => (c.Container, c.Key)));
        Assert.Equal([.. "Exif\0\0"u8, .. Tiff], jpeg.Chunks[0].Data);
        Assert.Equal(App11(2, [.. Jumbf[..8], .. Jumbf[100..]]), jpeg.Chunks[3].Data);
        Assert.Empty(jpeg.Warnings);
    }

    [Fact]
    public void Exiftool_reads_the_same_user_comment_and_history()
    {
        var tags = Exiftool(SampleJpeg(), "-UserComment", "-History*");
        var jpeg = JpegFile.Read(new MemoryStream(SampleJpeg()));
        var history = XmpReader.Read(jpeg.Xmp!).History;

        Assert.Equal(tags.GetProperty("UserComment").GetString(), ExifReader.Read(jpeg.Exif!).Single(f => f.Name == "UserComment").Value);
        Assert.Equal(["created", "saved", "converted"], List(tags, "HistoryAction"));
        Assert.Equal(List(tags, "HistoryAction"), history.Select(e => e.Action));
        Assert.Equal(List(tags, "HistoryInstanceID"), history.Select(e => e.InstanceId).OfType<string>());
        Assert.Equal(List(tags, "HistorySoftwareAgent"), history.Select(e => e.SoftwareAgent).OfType<string>());
        Assert.Equal(List(tags, "HistoryChanged"), history.Select(e => e.Changed).OfType<string>());
        Assert.Equal(List(tags, "HistoryParameters"), history.Select(e => e.Parameters).OfType<string>());
    }

    [Fact]
    public void Exiftool_reads_the_same_c2pa_claim_from_the_two_app11_segments()
    {
        var tags = Exiftool(SampleJpeg(), "-Claim_generator", "-ActionsAction", "-ActionsSoftwareAgent");
        var c2pa = C2paReader.Read(JpegFile.Read(new MemoryStream(SampleJpeg())).C2pa!);
        Assert.Equal(("ChatGPT", "ChatGPT"), (tags.GetProperty("Claim_generator").GetString(), c2pa.ClaimGenerator));
        Assert.Equal(List(tags, "ActionsAction"), c2pa.Actions.Select(a => a.Action));
        Assert.Equal(List(tags, "ActionsSoftwareAgent"), c2pa.Actions.Select(a => a.SoftwareAgent).OfType<string>());
    }

    /// <summary>Runs <c>exiftool -j</c> on the bytes written to a temporary file and returns the tags of that one file.</summary>
    private static JsonElement Exiftool(byte[] file, params string[] tags)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ledger-jpeg-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, file);
        try
        {
            var psi = new ProcessStartInfo("exiftool", ["-j", .. tags, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("exiftool did not start (./ledger test installs libimage-exiftool-perl)");
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            return JsonDocument.Parse(output).RootElement[0].Clone();
        }
        finally { File.Delete(path); }
    }

    /// <summary>exiftool writes a one-item list as a plain value.</summary>
    private static List<string> List(JsonElement tags, string name)
    {
        var value = tags.GetProperty(name);
        return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.ToString())] : [value.ToString()];
    }

    [Fact]
    public void A_second_c2pa_store_and_an_out_of_sequence_segment_are_warnings()
    {
        byte[] file =
        [
            0xFF, 0xD8,
            .. Segment(0xEB, App11(1, Jumbf)),
            .. Segment(0xEB, App11(5, [.. Jumbf[..8], 1, 2, 3])),
            .. Segment(0xEB, App11(1, Jumbf)), // c2pa-rs always writes En 0x0211, so a second store has the same En
            .. Segment(0xEB, [(byte)'J', (byte)'P', 0x00, 0x07, 0, 0, 0, 1, .. Jumbf]),
            .. Sof0OneByOne, .. SosAndData,
        ];
        var jpeg = JpegFile.Read(new MemoryStream(file));
        Assert.Equal(Jumbf, jpeg.C2pa);
        Assert.Equal(
            [
                "C2PA segment with sequence number 5 after 1 was ignored",
                "a second C2PA manifest store was found and ignored (C2PA allows one)",
                "a second C2PA manifest store was found and ignored (C2PA allows one)",
            ],
            jpeg.Warnings);
        Assert.Equal(4, jpeg.Chunks.Count);
    }

    [Fact]
    public void Fill_bytes_and_sof2_are_handled_and_dht_is_not_a_frame()
    {
        byte[] file = [0xFF, 0xD8, .. Segment(0xC4, [0, 0, 0, 0, 0, 0]), 0xFF, .. Segment(0xC2, [8, 0x01, 0x2C, 0x02, 0x58, 1, 1, 0x11, 0]), .. SosAndData];
        var jpeg = JpegFile.Read(new MemoryStream(file));
        Assert.Equal((600, 300), (jpeg.Width, jpeg.Height));
        Assert.Null(jpeg.Exif);
        Assert.Empty(jpeg.Chunks);
    }

    [Fact]
    public void A_segment_cut_short_is_truncated()
    {
        var whole = SampleJpeg();
        var e = Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream(whole[..40])));
        Assert.Equal($"JPEG: segment 0xFFE1 at byte 2 declares {Tiff.Length + 8} bytes but the file ends first (truncated)", e.Message);
        e = Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream(whole[..3])));
        Assert.Equal("JPEG: truncated or invalid marker at byte 2", e.Message);
    }

    [Fact]
    public void An_app1_length_past_the_end_is_refused_on_seekable_and_forward_only_streams()
    {
        byte[] file = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, .. "Exif\0\0"u8, .. Tiff];
        var e = Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream(file)));
        Assert.Equal("JPEG: segment 0xFFE1 at byte 2 declares 65520 bytes but the file ends first (truncated)", e.Message);
        e = Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new ForwardOnly(file)));
        Assert.Equal("JPEG: segment 0xFFE1 at byte 2 is truncated", e.Message);
    }

    [Fact]
    public void Missing_soi_frame_or_scan_is_a_format_error()
    {
        Assert.Equal("JPEG: not a JPEG file (SOI marker missing)", Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream("GIF89a"u8.ToArray()))).Message);
        Assert.Equal("JPEG: scan (SOS) before any frame header (SOF)", Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream([0xFF, 0xD8, .. SosAndData]))).Message);
        Assert.Equal("JPEG: truncated at byte 15: the file ends before the image data (SOS)", Assert.Throws<MetadataFormatException>(() => JpegFile.Read(new MemoryStream([0xFF, 0xD8, .. Sof0OneByOne]))).Message);
    }

    /// <summary>A stream that cannot seek, so its length is unknown in advance.</summary>
    private sealed class ForwardOnly(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
