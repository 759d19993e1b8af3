using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// How much a bundle may make the verifier read. A bundle is hostile until checked, so every entry is read as a
/// stream through a counter that stops at these limits whatever the zip's headers claim (docs/SECURITY.md).
/// </summary>
public sealed record BundleLimits
{
    public static readonly BundleLimits Default = new();

    /// <summary>Entries in the zip's central directory, checked before the directory is parsed.</summary>
    public int MaxEntries { get; init; } = 200_000;
    /// <summary>Expanded bytes of one file of evidence (<c>files/…</c>).</summary>
    public long MaxEntryBytes { get; init; } = 16L << 30;
    /// <summary>Expanded bytes of the whole bundle.</summary>
    public long MaxTotalBytes { get; init; } = 64L << 30;
    /// <summary>
    /// Expanded bytes of the bundle's own texts (manifest, case.json, checkpoints, key, VERIFY.md) together: they are
    /// kept in memory. Each kind has its own, smaller cap (<see cref="BundleZip.TextCap"/>).
    /// </summary>
    public long MaxTextBytes { get; init; } = 256L << 20;
    /// <summary>Events in <c>events.jsonl</c>; each costs the check about 80 bytes of memory.</summary>
    public int MaxEvents { get; init; } = 5_000_000;
    /// <summary>Bytes of one event (one line of <c>events.jsonl</c>).</summary>
    public int MaxEventBytes { get; init; } = 64 << 20;
    /// <summary>Expanded to compressed bytes, for entries that expand past 1 MiB. Deflate itself stops near 1032.</summary>
    public int MaxRatio { get; init; } = 200;
}

/// <summary>A limit of <see cref="BundleLimits"/> that an entry went past; the check stops there.</summary>
public sealed class BundleLimitException(string message) : Exception(message);

/// <summary>The zip of a bundle, opened only after its central directory is known to be of a bounded size.</summary>
internal static partial class BundleZip
{
    [GeneratedRegex(@"\A(case\.json|events\.jsonl|manifest\.sha256|manifest\.sig|VERIFY\.md|keys/ledger-public\.pem|checkpoints/[1-9][0-9]{0,17}\.(txt|sig|tsr)|files/[0-9a-f]{64})\z")]
    public static partial Regex EntryName();

    /// <summary>
    /// What one of the bundle's own texts may expand to: a checkpoint is six short lines, its signature some 72 bytes,
    /// a time-stamp reply a few KiB with its certificates; the manifest is a line per file.
    /// </summary>
    public static long TextCap(string name, BundleLimits limits) => Math.Min(limits.MaxTextBytes, name switch
    {
        _ when name.EndsWith(".txt", StringComparison.Ordinal) => 4 << 10,
        _ when name.EndsWith(".sig", StringComparison.Ordinal) => 1 << 10,
        _ when name.EndsWith(".tsr", StringComparison.Ordinal) => 256 << 10,
        "keys/ledger-public.pem" => 16 << 10,
        "case.json" or "VERIFY.md" => 1 << 20,
        _ => 64L << 20, // manifest.sha256
    });

    /// <summary>Folder entries an unzip-and-rezip adds; they carry no bytes and are passed over.</summary>
    public static readonly string[] Folders = ["files/", "checkpoints/", "keys/"];

    /// <summary>
    /// The number of entries the end-of-central-directory record announces (ZIP64 too), read before
    /// <see cref="ZipArchive"/> parses a directory that could hold millions of them. Null when the stream cannot seek.
    /// </summary>
    public static long? AnnouncedEntries(Stream zip)
    {
        if (!zip.CanSeek || zip.Length < 22) return null;
        var tail = (int)Math.Min(zip.Length, 65_557 + 20);
        var buffer = new byte[tail];
        zip.Seek(-tail, SeekOrigin.End);
        zip.ReadExactly(buffer);
        zip.Seek(0, SeekOrigin.Begin);
        for (var i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) != 0x06054b50) continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
            // A ZIP64 locator stands just before the record; its record holds the real count.
            if (count == 0xFFFF && i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i - 20)) == 0x07064b50)
            {
                var at = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(i - 20 + 8));
                if (at < 0 || at + 56 > zip.Length) return long.MaxValue;
                var record = new byte[56];
                zip.Seek(at, SeekOrigin.Begin);
                zip.ReadExactly(record);
                zip.Seek(0, SeekOrigin.Begin);
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0x06064b50) return long.MaxValue;
                var wide = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
                return wide > long.MaxValue ? long.MaxValue : (long)wide;
            }
            return count;
        }
        return null;
    }

    /// <summary>Opens an entry for reading through the limits: the entry's own cap, the ratio, and the bundle's total.</summary>
    public static Stream Open(ZipArchiveEntry entry, long cap, BundleLimits limits, ExpandedBudget total) =>
        new LimitedStream(entry.Open(), entry.FullName, cap, entry.CompressedLength, limits.MaxRatio, total);

    /// <summary>The lines of a stream, each without its <c>\n</c>, each at most <paramref name="maxLine"/> bytes; the last must end with <c>\n</c>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(Stream s, int maxLine, string name)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        var line = new ArrayBufferWriter<byte>(1 << 16);
        try
        {
            int read;
            while ((read = s.Read(chunk, 0, chunk.Length)) > 0)
            {
                var at = 0;
                while (at < read)
                {
                    var nl = Array.IndexOf(chunk, (byte)'\n', at, read - at);
                    var end = nl < 0 ? read : nl;
                    if (line.WrittenCount + (end - at) > maxLine) throw new BundleLimitException($"{name}: a line is longer than the limit of {maxLine:N0} bytes");
                    line.Write(chunk.AsSpan(at, end - at));
                    if (nl < 0) break;
                    yield return line.WrittenMemory.ToArray();
                    line.ResetWrittenCount();
                    at = nl + 1;
                }
            }
            if (line.WrittenCount > 0) throw new InvalidDataException($"{name}: the last line does not end with a line feed");
        }
        finally { ArrayPool<byte>.Shared.Return(chunk); }
    }
}

/// <summary>The expanded bytes left for the whole bundle, shared by every entry's stream.</summary>
internal sealed class ExpandedBudget(long total)
{
    public long Total { get; } = total;
    public long Used { get; private set; }

    public void Take(int bytes)
    {
        Used += bytes;
        if (Used > Total) throw new BundleLimitException($"the bundle expands past the limit of {Total:N0} bytes in all");
    }
}

/// <summary>Counts what an entry really expands to and stops at the first limit it passes, trusting no header.</summary>
internal sealed class LimitedStream(Stream inner, string name, long cap, long compressed, int maxRatio, ExpandedBudget total) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    private int Count(int n)
    {
        _read += n;
        total.Take(n);
        if (_read > cap) throw new BundleLimitException($"{name}: expands past the limit of {cap:N0} bytes");
        if (_read > 1 << 20 && _read > Math.Max(1, compressed) * maxRatio)
            throw new BundleLimitException($"{name}: expands more than {maxRatio} times its compressed size of {compressed:N0} bytes");
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
