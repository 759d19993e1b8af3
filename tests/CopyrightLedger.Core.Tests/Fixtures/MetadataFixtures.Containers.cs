using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Tests.Containers;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>The JPEG, WebP and MP4 fixtures, assembled segment by segment around tiny images made once with ffmpeg.</summary>
public static partial class MetadataFixtures
{
    // An 8x8 baseline JPEG from `ffmpeg -f lavfi -i color=c=0x336699:s=8x8 -frames:v 1 -q:v 5`, with its APP0 and
    // COM segments removed (the COM named the encoder version): DQT, DHT, SOF0, SOS and the entropy-coded data.
    private static readonly byte[] JpegBody = Convert.FromBase64String(
        "/9j/2wBDAAgKCgsKCw0NDQ0NDRAPEBAQEBAQEBAQEBASEhIVFRUSEhIQEBISFBQVFRcXFxUVFRUXFxkZGR4eHBwjIyQrKzP/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABQYQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAIAAgDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCbAUQF/9k=");

    // The VP8L chunk of an 8x8 lossless WebP from the same ffmpeg source with `-c:v libwebp -lossless 1`.
    private static readonly byte[] WebpVp8l = Convert.FromBase64String("VlA4TBEAAAAvB8ABAAfQsso0s/+BiOh/AAA=");

    public const string PhotoshopXmp = """
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
         xmp:CreatorTool="Adobe Photoshop 24.2 (Windows)" xmp:CreateDate="2025-11-29T11:56:12+08:00" xmp:ModifyDate="2025-11-29T12:03:40+08:00"
         xmpMM:DocumentID="adobe:docid:photoshop:5e1c3f0a-1d2b-4c5d-8e9f-0a1b2c3d4e5f" xmpMM:InstanceID="xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32" xmpMM:OriginalDocumentID="xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b"
         Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia">
        <xmpMM:DerivedFrom stRef:instanceID="xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b" stRef:documentID="xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b"/>
        <xmpMM:History><rdf:Seq>
        <rdf:li stEvt:action="created" stEvt:instanceID="xmp.iid:eb4776ba-28cb-9d4f-8b17-31f3174b358b" stEvt:when="2025-11-29T11:56:12+08:00" stEvt:softwareAgent="Adobe Photoshop 24.2 (Windows)"/>
        <rdf:li stEvt:action="saved" stEvt:instanceID="xmp.iid:04cbcef7-bf99-cd43-a97e-aea8cd7ffe32" stEvt:when="2025-11-29T11:59:21+08:00" stEvt:softwareAgent="Adobe Photoshop 24.2 (Windows)" stEvt:changed="/"/>
        <rdf:li stEvt:action="converted" stEvt:parameters="from image/png to image/jpeg"/>
        </rdf:Seq></xmpMM:History>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        <?xpacket end="w"?>
        """;

    private static IEnumerable<(string Name, byte[] Bytes)> ContainerFixtures()
    {
        // A1111 saving a JPEG: piexif's UserComment "UNICODE\0" + UTF-16BE, in an Exif APP1 (big-endian TIFF).
        var a1111Exif = TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x0131, "AUTOMATIC1111")], [TiffBuilder.UnicodeComment(A1111Parameters, bigEndian: true)]);
        yield return ("a1111.jpg", Jpeg(App1("Exif\0\0"u8, a1111Exif)));
        yield return ("photoshop.jpg", Jpeg(App1(Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0"), Encoding.UTF8.GetBytes(PhotoshopXmp.Trim())),
            App1("Exif\0\0"u8, TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x0131, "Adobe Photoshop 24.2 (Windows)")],
                [TiffBuilder.Ascii(0x9003, "2025:11:29 12:03:40"), TiffBuilder.Ascii(0x9010, "+08:00")]))));
        // ComfyUI's WebP writer: EXIF Model (0x0110) "prompt:{json}", Make (0x010F) "workflow:{json}".
        var comfyExif = TiffBuilder.Build(bigEndian: false, [TiffBuilder.Ascii(0x010F, "workflow:" + ComfyWorkflow.Trim()), TiffBuilder.Ascii(0x0110, "prompt:" + ComfyPrompt.Trim())]);
        yield return ("comfyui.webp", Webp(("EXIF", comfyExif)));
        yield return ("chatgpt.png", PngWith([], [("caBX", C2paStore())]));
        yield return ("chatgpt.webp", Webp(("C2PA", C2paStore())));
        yield return ("sora.mp4", Mp4(C2paStore()));
        yield return ("firefly.jpg", Jpeg(App11(C2paStore(), 40)));
    }

    /// <summary>A C2PA store like ChatGPT's (see Provenance/JumbfBuilder): c2pa.created by GPT-4o, then c2pa.converted.</summary>
    private static byte[] C2paStore() => Provenance.JumbfBuilder.ChatGptStore();

    private static byte[] Jpeg(params byte[][] segments) => [0xFF, 0xD8, .. segments.SelectMany(s => s), .. JpegBody.AsSpan(2)];

    private static byte[] App1(ReadOnlySpan<byte> signature, byte[] payload) => Segment(0xE1, [.. signature, .. payload]);

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var s = new byte[4 + payload.Length];
        s[0] = 0xFF; s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), checked((ushort)(payload.Length + 2)));
        payload.CopyTo(s, 4);
        return s;
    }

    /// <summary>
    /// JUMBF in APP11 the way c2pa-rs's jpeg_io writes it: each segment is CI "JP", En 0x0211, Z (sequence from 1),
    /// then the box; continuation segments repeat the superbox's LBox/TBox before the next slice.
    /// </summary>
    private static byte[] App11(byte[] jumbf, int sliceSize)
    {
        var segments = new List<byte>();
        var header = jumbf.AsSpan(0, 8).ToArray();
        var first = true;
        uint z = 1;
        for (var at = 0; at < jumbf.Length; z++)
        {
            var take = Math.Min(sliceSize, jumbf.Length - at);
            byte[] prefix = [(byte)'J', (byte)'P', 0x02, 0x11, (byte)(z >> 24), (byte)(z >> 16), (byte)(z >> 8), (byte)z];
            byte[] payload = first ? [.. prefix, .. jumbf.AsSpan(at, take)] : [.. prefix, .. header, .. jumbf.AsSpan(at, take)];
            segments.AddRange(Segment(0xEB, payload));
            at += take;
            first = false;
        }
        return [.. segments];
    }

    private static byte[] Webp(params (string Type, byte[] Data)[] chunks)
    {
        var body = new List<byte>();
        // VP8X: flags (EXIF 0x08, XMP 0x04), then canvas width-1 and height-1 in 24 bits each.
        var flags = (byte)((chunks.Any(c => c.Type == "EXIF") ? 0x08 : 0) | (chunks.Any(c => c.Type == "XMP ") ? 0x04 : 0));
        body.AddRange(RiffChunk("VP8X", [flags, 0, 0, 0, 7, 0, 0, 7, 0, 0]));
        body.AddRange(WebpVp8l);
        foreach (var (type, data) in chunks) body.AddRange(RiffChunk(type, data));
        var riff = new byte[12];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(body.Count + 4));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        return [.. riff, .. body];
    }

    private static byte[] RiffChunk(string type, byte[] data)
    {
        var c = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(type).CopyTo(c, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), (uint)data.Length);
        data.CopyTo(c, 8);
        return c;
    }

    /// <summary>ftyp, the C2PA uuid box (c2pa-rs bmff_io: user type, version/flags, "manifest\0", offset), a small mdat.</summary>
    private static byte[] Mp4(byte[] jumbf)
    {
        byte[] ftyp = [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2mp41"u8])];
        byte[] uuid = [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];
        byte[] c2pa = Box("uuid", [.. uuid, 0, 0, 0, 0, .. "manifest\0"u8, 0, 0, 0, 0, 0, 0, 0, 0, .. jumbf]);
        byte[] mdat = Box("mdat", new byte[64]);
        return [.. ftyp, .. c2pa, .. mdat];
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var b = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)b.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(b, 4);
        payload.CopyTo(b, 8);
        return b;
    }
}
