using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Containers;

/// <summary>One top-level box: its type, where it starts and its total size including the header.</summary>
public sealed record BmffBox(string Type, long Offset, long Size);

/// <summary>
/// Walks the top-level boxes of an ISO base media file (ISO/IEC 14496-12: MP4, MOV, HEIF, AVIF) and reads the
/// <c>ftyp</c> brand and the C2PA <c>uuid</c> box (docs/FORMATS.md B4, c2pa-rs <c>bmff_io.rs</c>). Every other box,
/// <c>mdat</c> included, is skipped by seeking and never read into memory; a box that claims to run past the end of
/// the stream is refused.
/// </summary>
public sealed class IsoBmffFile
{
    private static readonly byte[] C2paUserType = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");
    private const int MaxC2paBytes = 64 << 20;
    private const int MaxBoxes = 100_000;

    private readonly List<BmffBox> _boxes = [];
    private readonly List<RawChunk> _chunks = [];

    private IsoBmffFile() { }

    /// <summary>The <c>ftyp</c> major brand (<c>isom</c>, <c>qt  </c>, <c>heic</c>, <c>avif</c>, ...); null for an old QuickTime file without <c>ftyp</c>.</summary>
    public string? MajorBrand { get; private set; }
    public IReadOnlyList<string> CompatibleBrands { get; private set; } = [];
    public IReadOnlyList<BmffBox> Boxes => _boxes;
    /// <summary>The JUMBF manifest store from the first C2PA <c>uuid</c> box whose purpose is <c>manifest</c>.</summary>
    public byte[]? C2pa { get; private set; }
    /// <summary>The C2PA <c>uuid</c> boxes' payloads (after the user type) exactly as in the file: <c>bmff:uuid</c>/<c>c2pa</c>.</summary>
    public IReadOnlyList<RawChunk> Chunks => _chunks;

    /// <param name="budget">What the C2PA boxes may add up to (docs/SECURITY.md); 16 MiB when null.</param>
    public static IsoBmffFile Read(Stream s, MetadataBudget? budget = null)
    {
        budget ??= MetadataBudget.ForOneFile();
        if (!s.CanSeek) throw new ArgumentException("An ISO BMFF file is read by seeking past its media data; the stream must be seekable.", nameof(s));
        var file = new IsoBmffFile();
        var end = s.Length;
        var offset = s.Position;
        while (offset < end)
        {
            if (file._boxes.Count == MaxBoxes) throw new MetadataFormatException($"BMFF: more than {MaxBoxes} top-level boxes");
            var box = ReadHeader(s, offset, end, out var headerBytes);
            file._boxes.Add(box);
            file.ReadBody(s, box, headerBytes, budget);
            offset = box.Offset + box.Size;
            s.Position = offset;
        }
        return file;
    }

    private static BmffBox ReadHeader(Stream s, long offset, long end, out int headerBytes)
    {
        var header = new byte[16];
        if (end - offset < 8 || s.ReadAtLeast(header.AsSpan(0, 8), 8, throwOnEndOfStream: false) < 8)
            throw new MetadataFormatException($"BMFF: truncated box header at byte {offset}");
        long size = BinaryPrimitives.ReadUInt32BigEndian(header);
        var type = Encoding.Latin1.GetString(header, 4, 4);
        if (!type.All(c => c is >= ' ' and <= '~' or '\u00A9')) // QuickTime uses © (0xA9) in some box types
            throw new MetadataFormatException($"BMFF: no valid box type at byte {offset} (not an ISO BMFF file?)");
        headerBytes = 8;
        if (size == 1)
        {
            if (s.ReadAtLeast(header.AsSpan(8, 8), 8, throwOnEndOfStream: false) < 8)
                throw new MetadataFormatException($"BMFF: truncated 64-bit size of box '{type}' at byte {offset}");
            var large = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            size = large > long.MaxValue ? long.MaxValue : (long)large;
            headerBytes = 16;
        }
        else if (size == 0)
        {
            size = end - offset; // the box runs to the end of the file
        }
        if (size < headerBytes) throw new MetadataFormatException($"BMFF: box '{type}' at byte {offset} declares an impossible size {size}");
        if (size > end - offset)
            throw new MetadataFormatException($"BMFF: box '{type}' at byte {offset} declares {size} bytes but only {end - offset} remain (truncated)");
        return new BmffBox(type, offset, size);
    }

    private void ReadBody(Stream s, BmffBox box, int headerBytes, MetadataBudget budget)
    {
        var bodySize = box.Size - headerBytes;
        if (box.Type == "ftyp") ReadFileType(ReadBytes(s, Math.Min(bodySize, 4096), box));
        else if (box.Type == "uuid" && bodySize >= 16)
        {
            var userType = ReadBytes(s, 16, box);
            if (!userType.AsSpan().SequenceEqual(C2paUserType)) return;
            if (bodySize - 16 <= MaxC2paBytes) budget.Charge(bodySize - 16, $"C2PA box at byte {box.Offset}");
            ReadC2paBox(ReadBytes(s, bodySize - 16, box), box);
        }
    }

    private void ReadFileType(byte[] body)
    {
        if (body.Length < 8) throw new MetadataFormatException("BMFF: 'ftyp' box is shorter than 8 bytes");
        MajorBrand ??= Encoding.Latin1.GetString(body, 0, 4);
        CompatibleBrands = [.. Enumerable.Range(0, (body.Length - 8) / 4).Select(i => Encoding.Latin1.GetString(body, 8 + i * 4, 4))];
    }

    /// <summary>Version and flags (4), a null-terminated purpose, an 8-byte offset, then the JUMBF store.</summary>
    private void ReadC2paBox(byte[] payload, BmffBox box)
    {
        _chunks.Add(new RawChunk("bmff:uuid", "c2pa", payload));
        var purposeEnd = payload.Length > 4 ? Array.IndexOf(payload, (byte)0, 4) : -1;
        if (purposeEnd < 0 || payload.Length < purposeEnd + 1 + 8)
            throw new MetadataFormatException($"BMFF: C2PA box at byte {box.Offset} is too short for its header");
        var purpose = Encoding.ASCII.GetString(payload, 4, purposeEnd - 4);
        if (purpose == "manifest") C2pa ??= payload[(purposeEnd + 1 + 8)..];
    }

    private static byte[] ReadBytes(Stream s, long count, BmffBox box)
    {
        if (count > MaxC2paBytes) throw new MetadataFormatException($"BMFF: box '{box.Type}' at byte {box.Offset} is over the limit of {MaxC2paBytes} bytes");
        var data = new byte[count];
        if (s.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length)
            throw new MetadataFormatException($"BMFF: box '{box.Type}' at byte {box.Offset} is truncated");
        return data;
    }
}
