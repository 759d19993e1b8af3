using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Containers;

/// <summary>
/// Reads the metadata segments of a JPEG (ITU T.81 marker syntax) from SOI up to the first SOS; the entropy-coded
/// data is never touched. EXIF and XMP follow their APP1 signatures; C2PA follows docs/FORMATS.md B4 and c2pa-rs
/// <c>jpeg_io.rs</c> (APP11 JPEG XT boxes: CI "JP", En, Z, and a repeated LBox/TBox on continuation segments).
/// Every segment length is checked before it is read; truncation ends in a <see cref="MetadataFormatException"/>.
/// </summary>
public sealed class JpegFile
{
    private static readonly byte[] ExifSignature = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpSignature = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private const int MaxC2paBytes = 64 << 20;
    private const int JpegXtHeaderBytes = 8; // CI(2) En(2) Z(4)

    private readonly List<RawChunk> _chunks = [];
    private readonly List<string> _warnings = [];
    private MemoryStream? _c2pa;
    private ushort _c2paInstance;
    private uint _c2paSequence;
    private int _c2paBoxHeaderBytes;

    private JpegFile() { }

    public int Width { get; private set; }
    public int Height { get; private set; }
    /// <summary>The TIFF structure from the first APP1 <c>Exif\0\0</c> segment, signature removed.</summary>
    public byte[]? Exif { get; private set; }
    /// <summary>The first APP1 XMP packet, decoded as UTF-8.</summary>
    public string? Xmp { get; private set; }
    /// <summary>The C2PA manifest store reassembled from its APP11 segments into one JUMBF superbox.</summary>
    public byte[]? C2pa { get; private set; }
    /// <summary>The first COM segment: UTF-8 when it is valid UTF-8, otherwise Latin-1.</summary>
    public string? Comment { get; private set; }
    /// <summary>Each recognised segment's payload exactly as in the file (one entry per APP11 segment).</summary>
    public IReadOnlyList<RawChunk> Chunks => _chunks;
    /// <summary>What was odd but not fatal: a second C2PA store, a C2PA segment out of sequence.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <param name="budget">What the kept EXIF, XMP, comment and C2PA segments may add up to (docs/SECURITY.md); 16 MiB when null.</param>
    public static JpegFile Read(Stream s, MetadataBudget? budget = null)
    {
        budget ??= MetadataBudget.ForOneFile();
        var head = new byte[2];
        if (s.ReadAtLeast(head, 2, throwOnEndOfStream: false) < 2 || head[0] != 0xFF || head[1] != 0xD8)
            throw new MetadataFormatException("JPEG: not a JPEG file (SOI marker missing)");
        var jpeg = new JpegFile();
        jpeg.ReadSegments(s, budget);
        jpeg.C2pa = jpeg._c2pa?.ToArray();
        return jpeg;
    }

    private void ReadSegments(Stream s, MetadataBudget budget)
    {
        var sawFrame = false;
        long offset = 2;
        while (true)
        {
            var at = offset;
            var marker = ReadMarker(s, ref offset);
            if (marker == 0xD9) throw new MetadataFormatException("JPEG: EOI before any scan (no image data)");
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // TEM, RSTn: no length field
            var payload = ReadPayload(s, marker, at, ref offset);
            if (marker == 0xDA)
            {
                if (!sawFrame) throw new MetadataFormatException("JPEG: scan (SOS) before any frame header (SOF)");
                return;
            }
            if (IsFrameHeader(marker))
            {
                ReadFrameHeader(payload);
                sawFrame = true;
            }
            if (marker is 0xE1 or 0xEB or 0xFE) budget.Charge(payload.Length, $"JPEG segment 0xFF{marker:X2} at byte {at}");
            if (marker == 0xE1) ReadApp1(payload);
            else if (marker == 0xEB) ReadApp11(payload);
            else if (marker == 0xFE) ReadComment(payload);
        }
    }

    /// <summary>SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.</summary>
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>A marker: 0xFF, any number of 0xFF fill bytes, then the marker code.</summary>
    private static byte ReadMarker(Stream s, ref long offset)
    {
        var b = s.ReadByte();
        if (b != 0xFF) throw b < 0
            ? new MetadataFormatException($"JPEG: truncated at byte {offset}: the file ends before the image data (SOS)")
            : new MetadataFormatException($"JPEG: expected a marker at byte {offset}, found 0x{b:X2}");
        while ((b = s.ReadByte()) == 0xFF) offset++;
        if (b <= 0) throw new MetadataFormatException($"JPEG: truncated or invalid marker at byte {offset}");
        offset += 2;
        return (byte)b;
    }

    private static byte[] ReadPayload(Stream s, byte marker, long at, ref long offset)
    {
        var lengthBytes = new byte[2];
        if (s.ReadAtLeast(lengthBytes, 2, throwOnEndOfStream: false) < 2)
            throw new MetadataFormatException($"JPEG: truncated segment header at byte {at}");
        var length = BinaryPrimitives.ReadUInt16BigEndian(lengthBytes);
        if (length < 2) throw new MetadataFormatException($"JPEG: segment 0xFF{marker:X2} at byte {at} has an invalid length {length}");
        if (s.CanSeek && s.Length - s.Position < length - 2)
            throw new MetadataFormatException($"JPEG: segment 0xFF{marker:X2} at byte {at} declares {length} bytes but the file ends first (truncated)");
        var payload = new byte[length - 2];
        if (s.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length)
            throw new MetadataFormatException($"JPEG: segment 0xFF{marker:X2} at byte {at} is truncated");
        offset += length;
        return payload;
    }

    private void ReadFrameHeader(byte[] p)
    {
        if (p.Length < 6) throw new MetadataFormatException("JPEG: frame header (SOF) is shorter than 6 bytes");
        if (Width != 0) return; // a later SOF (hierarchical JPEG) does not change the image size
        Height = BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(1));
        Width = BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(3));
    }

    private void ReadApp1(byte[] p)
    {
        if (p.AsSpan().StartsWith(ExifSignature))
        {
            _chunks.Add(new RawChunk("jpeg:APP1", "exif", p));
            Exif ??= p[ExifSignature.Length..];
        }
        else if (p.AsSpan().StartsWith(XmpSignature))
        {
            _chunks.Add(new RawChunk("jpeg:APP1", "xmp", p));
            Xmp ??= new UTF8Encoding(false, false).GetString(p, XmpSignature.Length, p.Length - XmpSignature.Length);
        }
    }

    private void ReadComment(byte[] p)
    {
        _chunks.Add(new RawChunk("jpeg:COM", "comment", p));
        if (Comment is not null) return;
        try { Comment = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(p); }
        catch (DecoderFallbackException) { Comment = Encoding.Latin1.GetString(p); }
    }

    private void ReadApp11(byte[] p)
    {
        if (p.Length < JpegXtHeaderBytes + 8 || p[0] != (byte)'J' || p[1] != (byte)'P') return; // not a JPEG XT box
        var instance = BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2));
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4));
        // Every segment of a store repeats the jumb header, so sequence numbers tell continuations from a new store.
        var sameBox = _c2pa is not null && instance == _c2paInstance;
        if (sameBox && sequence == _c2paSequence + 1)
            AppendContinuation(p, sequence);
        else if (StartsC2paStore(p) && (sequence == 1 || !sameBox))
            StartStore(p, instance, sequence);
        else if (sameBox)
        {
            _chunks.Add(new RawChunk("jpeg:APP11", "c2pa", p));
            _warnings.Add($"C2PA segment with sequence number {sequence} after {_c2paSequence} was ignored");
        }
    }

    /// <summary>The first segment of a store: a jumb box whose jumd type UUID begins with "c2pa" (payload bytes 24–27).</summary>
    private static bool StartsC2paStore(byte[] p)
    {
        if (!p.AsSpan(12, 4).SequenceEqual("jumb"u8)) return false;
        var uuidAt = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(JpegXtHeaderBytes)) == 1 ? 32 : 24; // after an XLBox
        return p.Length >= uuidAt + 4 && p.AsSpan(uuidAt, 4).SequenceEqual("c2pa"u8);
    }

    private void StartStore(byte[] p, ushort instance, uint sequence)
    {
        _chunks.Add(new RawChunk("jpeg:APP11", "c2pa", p));
        if (_c2pa is not null)
        {
            _warnings.Add("a second C2PA manifest store was found and ignored (C2PA allows one)");
            return;
        }
        if (sequence != 1) _warnings.Add($"the C2PA store's first segment has sequence number {sequence}, not 1");
        // LBox == 1 means an 8-byte XLBox follows TBox; continuation segments then repeat all 16 bytes.
        _c2paBoxHeaderBytes = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(JpegXtHeaderBytes)) == 1 ? 16 : 8;
        _c2pa = new MemoryStream();
        _c2pa.Write(p, JpegXtHeaderBytes, p.Length - JpegXtHeaderBytes);
        _c2paInstance = instance;
        _c2paSequence = sequence;
    }

    private void AppendContinuation(byte[] p, uint sequence)
    {
        _chunks.Add(new RawChunk("jpeg:APP11", "c2pa", p));
        var skip = JpegXtHeaderBytes + _c2paBoxHeaderBytes;
        if (p.Length < skip)
            _warnings.Add($"C2PA continuation segment {sequence} is shorter than its header and was ignored");
        else if (_c2pa!.Length + p.Length - skip > MaxC2paBytes)
            throw new MetadataFormatException($"JPEG: the C2PA store is larger than {MaxC2paBytes} bytes");
        else
        {
            _c2pa.Write(p, skip, p.Length - skip);
            _c2paSequence = sequence;
        }
    }
}
