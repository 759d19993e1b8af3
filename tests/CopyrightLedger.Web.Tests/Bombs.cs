using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// The bomb tests run alone (not beside other test classes), so the process's peak memory is theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BombCollection
{
    public const string Name = "bombs";
}

/// <summary>The process's resident memory from /proc/self/status, with its peak (VmHWM) reset before a measurement.</summary>
public static class PeakMemory
{
    /// <summary>Collects garbage, resets the peak to the current resident size (clear_refs 5) and returns that size in bytes.</summary>
    public static long Reset()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Read("VmRSS");
    }

    /// <summary>The peak resident size since the last <see cref="Reset"/>, in bytes.</summary>
    public static long Peak() => Read("VmHWM");

    private static long Read(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0]) * 1024;
    }
}

/// <summary>Hostile inputs built in the test from real files: decompression bombs and lying zip headers.</summary>
public static class Bombs
{
    /// <summary>
    /// A real sample PNG with <paramref name="chunks"/> zTXt chunks inserted after IHDR, each inflating to
    /// <paramref name="inflatedBytes"/> of text; one compressed payload is built once and repeated.
    /// </summary>
    public static byte[] PngWithCompressedText(int chunks, int inflatedBytes)
    {
        var png = File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "03-b.png"));
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) WriteRepeated(z, (byte)'a', inflatedBytes);
        byte[] data = [.. "bomb"u8, 0, 0, .. packed.ToArray()];
        var type = "zTXt"u8.ToArray();
        var crc = Crc32.Of(type, data);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        type.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        const int afterHeader = 8 + 25;
        using var result = new MemoryStream();
        result.Write(png, 0, afterHeader);
        for (var i = 0; i < chunks; i++) result.Write(chunk);
        result.Write(png, afterHeader, png.Length - afterHeader);
        return result.ToArray();
    }

    /// <summary>A zip whose one entry is <paramref name="zeros"/> zero bytes, streamed through the deflater (never held in memory).</summary>
    public static void ZipOfZeros(string path, string entryName, long zeros, params (string Name, byte[] Bytes)[] others)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, bytes) in others)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
        using var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
        WriteRepeated(entry, 0, zeros);
    }

    /// <summary>A zip of the given entries (stored, uncompressed).</summary>
    public static void Zip(string path, params (string Name, byte[] Bytes)[] entries)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
    }

    /// <summary>Rewrites the uncompressed size of every entry, in its local header and the central directory, to <paramref name="declared"/>.</summary>
    public static void LieAboutSizes(string path, uint declared)
    {
        var bytes = File.ReadAllBytes(path);
        for (var i = 0; i + 30 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034B50) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
            else if (signature == 0x02014B50 && i + 46 <= bytes.Length) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
        }
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A zip with entries named exactly as given (ZipArchive would keep them; the unpacker must refuse them).</summary>
    public static void ZipWithNames(string path, IEnumerable<string> names, byte[] content)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create, leaveOpen: false, Encoding.UTF8);
        foreach (var name in names)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(content);
        }
    }

    private static void WriteRepeated(Stream s, byte value, long count)
    {
        var block = new byte[1 << 20];
        Array.Fill(block, value);
        for (var left = count; left > 0; left -= block.Length) s.Write(block, 0, (int)Math.Min(left, block.Length));
    }
}
