using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Imaging;

public sealed record PngChunk(string Type, long Offset, byte[] Data, bool CrcValid);

/// <summary>A decoded text chunk, with the chunk's data exactly as it stood in the file.</summary>
public sealed record PngTextEntry(string ChunkType, string Keyword, string Text, byte[] RawData);

/// <summary>Bounds a reader keeps to on any input, however hostile.</summary>
/// <param name="ReadText">False when only the pixels are wanted: text chunks are then kept raw and not decoded or inflated.</param>
public sealed record PngReadLimits(long MaxChunkBytes = 64 << 20, long MaxInflatedTextBytes = 16 << 20, long MaxTotalBytes = 1L << 30, bool ReadText = true)
{
    public static readonly PngReadLimits PixelsOnly = new(ReadText: false);
}

public sealed class PngFormatException(string message) : Exception(message);

/// <summary>
/// Reads a PNG's chunk structure: header, text chunks (tEXt, zTXt, iTXt) and tIME. Every length is checked against
/// the limits and the remaining stream before anything is allocated, every CRC is checked, and compressed text is
/// inflated only up to a bound, so a truncated, corrupt or malicious file ends in a <see cref="PngFormatException"/>.
/// </summary>
public sealed class PngFile
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngFile(int width, int height, int bitDepth, int colorType, bool interlaced, List<PngChunk> chunks, List<PngTextEntry> text, DateTime? modified)
    {
        Width = width; Height = height; BitDepth = bitDepth; ColorType = colorType; Interlaced = interlaced;
        Chunks = chunks; Text = text; LastModifiedUtc = modified;
    }

    public int Width { get; }
    public int Height { get; }
    public int BitDepth { get; }
    public int ColorType { get; }
    public bool Interlaced { get; }
    public IReadOnlyList<PngChunk> Chunks { get; }
    public IReadOnlyList<PngTextEntry> Text { get; }
    /// <summary>The PNG <c>tIME</c> chunk: when the image was last modified, by the writer's own account (UTC).</summary>
    public DateTime? LastModifiedUtc { get; }

    /// <summary>
    /// Why the image data cannot hold the image the header declares, without inflating it; null when it can. Deflate
    /// never compresses better than about 1032:1, so the samples the header declares (width × height × bits per pixel,
    /// a lower bound for interlaced images too) cannot come from fewer than 1/1032 as many bytes of IDAT.
    /// </summary>
    public string? ImageDataShortfall()
    {
        var idat = Chunks.Where(c => c.Type == "IDAT").Sum(c => (long)c.Data.Length);
        if (idat == 0) return "no image data (IDAT chunk)";
        var channels = ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 1 };
        var samples = (decimal)Width * Height * channels * BitDepth / 8;
        return samples > (idat + 1) * 1032m
            ? $"its header declares {Width}×{Height} pixels, which its {idat} bytes of image data cannot hold (deflate compresses at most about 1032:1)"
            : null;
    }

    public static bool HasSignature(ReadOnlySpan<byte> head) => head.Length >= 8 && head[..8].SequenceEqual(Signature);

    /// <param name="budget">What all text and C2PA chunks together may decode to (docs/SECURITY.md); 16 MiB when null.</param>
    public static PngFile Read(Stream stream, PngReadLimits? limits = null, MetadataBudget? budget = null)
    {
        limits ??= new PngReadLimits();
        budget ??= MetadataBudget.ForOneFile();
        var head = new byte[8];
        if (ReadFully(stream, head) < 8 || !HasSignature(head)) throw new PngFormatException("not a PNG file (signature missing)");
        long offset = 8;
        var chunks = new List<PngChunk>();
        var text = new List<PngTextEntry>();
        int width = 0, height = 0, depth = 0, color = 0;
        bool interlaced = false, sawHeader = false, sawEnd = false;
        DateTime? modified = null;
        var lengthAndType = new byte[8];
        var crcBytes = new byte[4];

        while (!sawEnd)
        {
            var got = ReadFully(stream, lengthAndType);
            if (got == 0) throw new PngFormatException($"truncated at byte {offset}: no IEND chunk");
            if (got < 8) throw new PngFormatException($"truncated chunk header at byte {offset}");
            var length = BinaryPrimitives.ReadUInt32BigEndian(lengthAndType);
            var type = Encoding.ASCII.GetString(lengthAndType, 4, 4);
            if (!type.All(char.IsAsciiLetter)) throw new PngFormatException($"invalid chunk type at byte {offset}");
            if (length > int.MaxValue || length > limits.MaxChunkBytes)
                throw new PngFormatException($"chunk {type} at byte {offset} declares {length} bytes, over the limit of {limits.MaxChunkBytes}");
            if (offset + 12 + length > limits.MaxTotalBytes) throw new PngFormatException($"file is larger than {limits.MaxTotalBytes} bytes");
            if (stream.CanSeek && stream.Length - stream.Position < length + 4L)
                throw new PngFormatException($"chunk {type} at byte {offset} declares {length} bytes but the file ends first (truncated)");
            var data = new byte[length];
            if (ReadFully(stream, data) < length || ReadFully(stream, crcBytes) < 4)
                throw new PngFormatException($"chunk {type} at byte {offset} is truncated");
            var crcValid = Crc32.Of(lengthAndType.AsSpan(4, 4), data) == BinaryPrimitives.ReadUInt32BigEndian(crcBytes);
            if (!crcValid) throw new PngFormatException($"chunk {type} at byte {offset} has a bad CRC");

            if (!sawHeader)
            {
                if (type != "IHDR" || length != 13) throw new PngFormatException("the first chunk is not a 13-byte IHDR");
                width = checked((int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), int.MaxValue));
                height = checked((int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)), int.MaxValue));
                depth = data[8];
                color = data[9];
                interlaced = data[12] == 1;
                if (width == 0 || height == 0) throw new PngFormatException("IHDR gives a zero width or height");
                if (data[12] > 1) throw new PngFormatException($"unknown interlace method {data[12]}");
                sawHeader = true;
            }
            switch (type)
            {
                case "tEXt" or "zTXt" or "iTXt" when limits.ReadText:
                    text.Add(DecodeTextChunk(type, data, limits.MaxInflatedTextBytes, budget));
                    break;
                case "caBX" when limits.ReadText:
                    budget.Charge(length, $"C2PA chunk at byte {offset}");
                    break;
                case "tIME" when length == 7:
                    modified = ReadTime(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }
            chunks.Add(new PngChunk(type, offset, data, crcValid));
            offset += 12 + length;
        }
        return new PngFile(width, height, depth, color, interlaced, chunks, text, modified);
    }

    /// <summary>Decodes one text chunk's data: tEXt and zTXt are Latin-1, iTXt is UTF-8 (optionally compressed).</summary>
    public static PngTextEntry DecodeTextChunk(string chunkType, byte[] data, long maxInflated = 16 << 20, MetadataBudget? budget = null)
    {
        budget ??= MetadataBudget.ForOneFile();
        var nul = Array.IndexOf(data, (byte)0);
        if (nul is < 1 or > 79) throw new PngFormatException($"{chunkType} chunk has no valid keyword");
        var keyword = Encoding.Latin1.GetString(data, 0, nul);
        var rest = data.AsSpan(nul + 1);
        switch (chunkType)
        {
            case "tEXt":
                budget.Charge(rest.Length, $"text '{keyword}'");
                return new PngTextEntry(chunkType, keyword, Encoding.Latin1.GetString(rest), data);
            case "zTXt":
                if (rest.Length < 1 || rest[0] != 0) throw new PngFormatException($"zTXt '{keyword}' uses an unknown compression method");
                return new PngTextEntry(chunkType, keyword, Encoding.Latin1.GetString(Inflate(rest[1..], maxInflated, keyword, budget)), data);
            case "iTXt":
            {
                if (rest.Length < 2) throw new PngFormatException($"iTXt '{keyword}' is truncated");
                var compressed = rest[0] == 1;
                if (rest[0] > 1 || (compressed && rest[1] != 0)) throw new PngFormatException($"iTXt '{keyword}' has an invalid compression flag");
                var afterFlags = rest[2..];
                var langEnd = afterFlags.IndexOf((byte)0);
                if (langEnd < 0) throw new PngFormatException($"iTXt '{keyword}' has no language tag terminator");
                var afterLang = afterFlags[(langEnd + 1)..];
                var transEnd = afterLang.IndexOf((byte)0);
                if (transEnd < 0) throw new PngFormatException($"iTXt '{keyword}' has no translated keyword terminator");
                var payload = afterLang[(transEnd + 1)..];
                if (!compressed) budget.Charge(payload.Length, $"text '{keyword}'");
                var bytes = compressed ? Inflate(payload, maxInflated, keyword, budget) : payload.ToArray();
                return new PngTextEntry(chunkType, keyword, new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes), data);
            }
            default:
                throw new PngFormatException($"{chunkType} is not a text chunk");
        }
    }

    /// <summary>Inflates up to <paramref name="max"/> bytes, charging <paramref name="budget"/> for each block before keeping it.</summary>
    private static byte[] Inflate(ReadOnlySpan<byte> compressed, long max, string keyword, MetadataBudget budget)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (output.Length + n > max) throw new PngFormatException($"compressed text '{keyword}' inflates beyond {max} bytes");
                budget.Charge(n, $"compressed text '{keyword}'");
                output.Write(buffer, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new PngFormatException($"compressed text '{keyword}' is corrupt ({e.Message})");
        }
    }

    private static DateTime? ReadTime(byte[] d)
    {
        var year = BinaryPrimitives.ReadUInt16BigEndian(d);
        try { return new DateTime(year, d[2], d[3], d[4], d[5], Math.Min((int)d[6], 59), DateTimeKind.Utc); }
        catch (ArgumentOutOfRangeException) { return null; }
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
