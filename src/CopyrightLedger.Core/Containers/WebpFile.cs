using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Containers;

/// <summary>
/// Reads a WebP file's RIFF chunks (Google's "WebP Container Specification"): the size from VP8X, VP8 or VP8L, and
/// the metadata chunks EXIF, <c>XMP </c> and C2PA (docs/FORMATS.md B4) kept raw. Image data is skipped, not read. Every
/// chunk size is checked against the RIFF size and the stream before anything is allocated.
/// </summary>
public sealed class WebpFile
{
    private const int MaxMetadataChunkBytes = 64 << 20;
    private const int ImageHeaderBytes = 10; // enough for the VP8X, VP8 and VP8L size fields
    private static readonly byte[] ExifPrefix = "Exif\0\0"u8.ToArray();

    private readonly List<RawChunk> _chunks = [];
    private int _canvasWidth, _canvasHeight, _frameWidth, _frameHeight;

    private readonly MetadataBudget _budget;

    private WebpFile(MetadataBudget budget) => _budget = budget;

    /// <summary>The canvas size from VP8X when present, otherwise the size of the VP8 or VP8L bitstream.</summary>
    public int Width => _canvasWidth > 0 ? _canvasWidth : _frameWidth;
    public int Height => _canvasWidth > 0 ? _canvasHeight : _frameHeight;
    /// <summary>The EXIF chunk as a TIFF structure (a leading <c>Exif\0\0</c>, which some writers add, removed).</summary>
    public byte[]? Exif { get; private set; }
    /// <summary>The <c>XMP </c> chunk decoded as UTF-8.</summary>
    public string? Xmp { get; private set; }
    /// <summary>The C2PA chunk: a JUMBF manifest store.</summary>
    public byte[]? C2pa { get; private set; }
    /// <summary>Metadata chunks exactly as in the file: containers <c>webp:EXIF</c>, <c>webp:XMP</c>, <c>webp:C2PA</c>.</summary>
    public IReadOnlyList<RawChunk> Chunks => _chunks;

    /// <param name="budget">What the EXIF, XMP and C2PA chunks may add up to (docs/SECURITY.md); 16 MiB when null.</param>
    public static WebpFile Read(Stream s, MetadataBudget? budget = null)
    {
        var header = new byte[12];
        if (s.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12
            || !header.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !header.AsSpan(8, 4).SequenceEqual("WEBP"u8))
            throw new MetadataFormatException("WebP: not a WebP file (RIFF/WEBP header missing)");
        long riffEnd = 8 + (long)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (s.CanSeek && riffEnd > s.Length)
            throw new MetadataFormatException($"WebP: the RIFF header declares {riffEnd} bytes but the file has {s.Length} (truncated)");
        var webp = new WebpFile(budget ?? MetadataBudget.ForOneFile());
        webp.ReadChunks(s, riffEnd);
        if (webp.Width == 0) throw new MetadataFormatException("WebP: no VP8X, VP8 or VP8L chunk gives the image size");
        return webp;
    }

    private void ReadChunks(Stream s, long riffEnd)
    {
        long offset = 12;
        var chunkHeader = new byte[8];
        while (offset + 8 <= riffEnd)
        {
            if (s.ReadAtLeast(chunkHeader, 8, throwOnEndOfStream: false) < 8)
                throw new MetadataFormatException($"WebP: truncated chunk header at byte {offset}");
            var fourCc = Encoding.ASCII.GetString(chunkHeader, 0, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader.AsSpan(4));
            var padded = size + (size & 1);
            if (offset + 8 + size > riffEnd)
                throw new MetadataFormatException($"WebP: chunk '{fourCc}' at byte {offset} declares {size} bytes, past the end of the RIFF data (truncated)");
            ReadChunk(s, fourCc, size, offset);
            // The pad byte of a final odd-sized chunk is sometimes missing; that is harmless.
            var pad = Math.Min(padded - size, riffEnd - (offset + 8 + size));
            Skip(s, pad, offset);
            offset += 8 + size + pad;
        }
    }

    private void ReadChunk(Stream s, string fourCc, long size, long offset)
    {
        switch (fourCc)
        {
            case "EXIF":
                var exif = ReadMetadata(s, fourCc, size, offset);
                _chunks.Add(new RawChunk("webp:EXIF", "exif", exif));
                Exif ??= exif.AsSpan().StartsWith(ExifPrefix) ? exif[ExifPrefix.Length..] : exif;
                break;
            case "XMP ":
                var xmp = ReadMetadata(s, fourCc, size, offset);
                _chunks.Add(new RawChunk("webp:XMP", "xmp", xmp));
                Xmp ??= new UTF8Encoding(false, false).GetString(xmp);
                break;
            case "C2PA":
                var c2pa = ReadMetadata(s, fourCc, size, offset);
                _chunks.Add(new RawChunk("webp:C2PA", "c2pa", c2pa));
                C2pa ??= c2pa;
                break;
            case "VP8X" or "VP8 " or "VP8L":
                var head = ReadData(s, fourCc, Math.Min(size, ImageHeaderBytes), offset);
                ReadImageHeader(fourCc, head);
                Skip(s, size - head.Length, offset);
                break;
            default:
                Skip(s, size, offset);
                break;
        }
    }

    private void ReadImageHeader(string fourCc, byte[] h)
    {
        if (h.Length < (fourCc == "VP8L" ? 5 : 10)) throw new MetadataFormatException($"WebP: {fourCc} chunk is too short for its header");
        switch (fourCc)
        {
            case "VP8X":
                _canvasWidth = ReadUInt24(h.AsSpan(4)) + 1;
                _canvasHeight = ReadUInt24(h.AsSpan(7)) + 1;
                break;
            case "VP8 " when _frameWidth == 0:
                // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (the top 2 bits are scaling).
                if (h[3] != 0x9D || h[4] != 0x01 || h[5] != 0x2A) throw new MetadataFormatException("WebP: VP8 chunk has no key-frame start code");
                _frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(6)) & 0x3FFF;
                _frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(8)) & 0x3FFF;
                break;
            case "VP8L" when _frameWidth == 0:
                // Signature 0x2F, then width-1 and height-1 as 14-bit fields, least significant bits first.
                if (h[0] != 0x2F) throw new MetadataFormatException("WebP: VP8L chunk has no 0x2F signature");
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(1));
                _frameWidth = (int)(bits & 0x3FFF) + 1;
                _frameHeight = (int)((bits >> 14) & 0x3FFF) + 1;
                break;
        }
    }

    private static int ReadUInt24(ReadOnlySpan<byte> b) => b[0] | b[1] << 8 | b[2] << 16;

    private byte[] ReadMetadata(Stream s, string fourCc, long size, long offset)
    {
        if (size <= MaxMetadataChunkBytes) _budget.Charge(size, $"WebP chunk '{fourCc}' at byte {offset}");
        return ReadData(s, fourCc, size, offset);
    }

    private static byte[] ReadData(Stream s, string fourCc, long size, long offset)
    {
        if (size > MaxMetadataChunkBytes)
            throw new MetadataFormatException($"WebP: chunk '{fourCc}' at byte {offset} declares {size} bytes, over the limit of {MaxMetadataChunkBytes}");
        var data = new byte[size];
        if (s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length)
            throw new MetadataFormatException($"WebP: chunk '{fourCc}' at byte {offset} is truncated");
        return data;
    }

    private static void Skip(Stream s, long count, long offset)
    {
        if (count <= 0) return;
        if (s.CanSeek)
        {
            if (s.Length - s.Position < count) throw new MetadataFormatException($"WebP: chunk at byte {offset} is truncated");
            s.Seek(count, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(count, 81920)];
        for (var left = count; left > 0;)
        {
            var n = s.Read(buffer, 0, (int)Math.Min(left, buffer.Length));
            if (n == 0) throw new MetadataFormatException($"WebP: chunk at byte {offset} is truncated");
            left -= n;
        }
    }
}
