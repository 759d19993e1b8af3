using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Tests.Provenance;

namespace CopyrightLedger.Core.Tests.Containers;

public sealed class IsoBmffFileTests
{
    private static readonly byte[] C2paUserType = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");

    private static byte[] Box(string type, byte[] body)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        body.CopyTo(box, 8);
        return box;
    }

    private static readonly byte[] Ftyp = Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isom"u8, .. "iso2"u8, .. "mp41"u8]);

    /// <summary>The C2PA uuid box: user type, version/flags, "manifest\0", an 8-byte offset, then the JUMBF store.</summary>
    private static byte[] C2paBox(string purpose, byte[] jumbf) =>
        Box("uuid", [.. C2paUserType, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(purpose), 0, 0, 0, 0, 0, 0, 0, 0, 0, .. jumbf]);

    /// <summary>An mdat header with a 64-bit size; its body is not in the array.</summary>
    private static byte[] LargeMdatHeader(long size) { var h = new byte[16]; h[3] = 1; "mdat"u8.CopyTo(h.AsSpan(4)); BinaryPrimitives.WriteInt64BigEndian(h.AsSpan(8), size); return h; }

    [Fact]
    public void The_c2pa_box_is_read_and_a_5_gb_mdat_is_skipped_without_reading_it()
    {
        var jumbf = JumbfBuilder.ChatGptStore();
        var c2pa = C2paBox("manifest", jumbf);
        const long mdatSize = 5L << 30;
        var stream = new SparseStream([.. Ftyp, .. c2pa, .. LargeMdatHeader(mdatSize)], mdatSize - 16);
        var file = IsoBmffFile.Read(stream);

        Assert.Equal("isom", file.MajorBrand);
        Assert.Equal(["isom", "iso2", "mp41"], file.CompatibleBrands);
        Assert.Equal([("ftyp", 0L, (long)Ftyp.Length), ("uuid", Ftyp.Length, c2pa.Length), ("mdat", Ftyp.Length + c2pa.Length, mdatSize)],
            file.Boxes.Select(b => (b.Type, b.Offset, b.Size)));
        Assert.Equal(jumbf, file.C2pa);
        Assert.Equal([("bmff:uuid", "c2pa")], file.Chunks.Select(c => (c.Container, c.Key)));
        Assert.Equal(c2pa[24..], file.Chunks[0].Data);
        Assert.True(stream.BytesRead < 4096, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public void A_merkle_c2pa_box_is_kept_raw_but_is_not_the_manifest()
    {
        var file = IsoBmffFile.Read(new MemoryStream([.. Ftyp, .. C2paBox("merkle", [0xA0])]));
        Assert.Null(file.C2pa);
        Assert.Single(file.Chunks);
    }

    [Fact]
    public void A_size_zero_box_runs_to_the_end_of_the_file()
    {
        byte[] mdat = [0, 0, 0, 0, .. "mdat"u8, 1, 2, 3, 4, 5];
        var file = IsoBmffFile.Read(new MemoryStream([.. Box("ftyp", [.. "heic"u8, 0, 0, 0, 0]), .. mdat]));
        Assert.Equal(("heic", 13L), (file.MajorBrand, file.Boxes[1].Size));
        Assert.Empty(file.CompatibleBrands);
    }

    [Fact]
    public void A_box_size_past_the_end_is_refused()
    {
        var stream = new MemoryStream([.. Ftyp, .. LargeMdatHeader(5L << 30), 0, 0, 0, 0]);
        var e = Assert.Throws<MetadataFormatException>(() => IsoBmffFile.Read(stream));
        Assert.Equal($"BMFF: box 'mdat' at byte {Ftyp.Length} declares {5L << 30} bytes but only 20 remain (truncated)", e.Message);
    }

    [Fact]
    public void Impossible_sizes_and_garbage_are_refused()
    {
        Assert.Equal("BMFF: box 'ftyp' at byte 0 declares an impossible size 4",
            Assert.Throws<MetadataFormatException>(() => IsoBmffFile.Read(new MemoryStream([0, 0, 0, 4, .. "ftyp"u8]))).Message);
        Assert.Equal("BMFF: no valid box type at byte 0 (not an ISO BMFF file?)",
            Assert.Throws<MetadataFormatException>(() => IsoBmffFile.Read(new MemoryStream([0, 0, 0, 8, 0, 1, 2, 3]))).Message);
        Assert.Equal($"BMFF: truncated box header at byte {Ftyp.Length}",
            Assert.Throws<MetadataFormatException>(() => IsoBmffFile.Read(new MemoryStream([.. Ftyp, 0, 0, 0]))).Message);
    }

    /// <summary>A seekable stream of some real bytes followed by a long run of zeros that exist only as a length.</summary>
    private sealed class SparseStream(byte[] head, long zeros) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => head.Length + zeros;
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Max(0, Math.Min(count, Length - Position));
            for (var i = 0; i < n; i++) buffer[offset + i] = Position + i < head.Length ? head[Position + i] : (byte)0;
            Position += n;
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) =>
            Position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => Position + offset, _ => Length + offset };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
