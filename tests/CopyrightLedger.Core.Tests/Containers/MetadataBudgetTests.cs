using System.Buffers.Binary;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Containers;

/// <summary>One budget for all the metadata a file yields (docs/SECURITY.md): repeated or reassembled bytes count each time.</summary>
public sealed class MetadataBudgetTests
{
    /// <summary>A little-endian TIFF whose IFD0 holds <paramref name="entries"/> ImageDescription entries, all pointing at one string.</summary>
    private static byte[] ExifWithSharedValue(int entries, int valueBytes)
    {
        var valueAt = 8 + 2 + entries * 12 + 4;
        var tiff = new byte[valueAt + valueBytes];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries);
        for (var i = 0; i < entries; i++)
        {
            var e = tiff.AsSpan(10 + i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(e, 0x010E);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], 2); // ASCII
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)valueBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)valueAt);
        }
        tiff.AsSpan(valueAt, valueBytes - 1).Fill((byte)'a');
        return tiff;
    }

    [Fact]
    public void Exif_entries_that_all_point_at_one_value_are_charged_each_time_they_are_decoded()
    {
        var tiff = ExifWithSharedValue(1000, 60_000); // 60 KB of EXIF that would decode to 60 MB of strings

        var e = Assert.Throws<MetadataBudgetException>(() => ExifReader.Read(tiff));

        Assert.Contains("16 MiB per file", e.Message);
        Assert.Equal(1000, ExifReader.Read(tiff, MetadataBudget.ForOneFile(100L << 20)).Count);
    }

    [Fact]
    public void A_jpeg_whose_comment_segments_add_up_past_the_budget_is_kept_with_its_metadata_unread()
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        var comment = new byte[65_533];
        Array.Fill(comment, (byte)'c');
        for (var i = 0; i < 300; i++) // 300 x 64 KiB: under any one segment's bound, 19 MB together
        {
            jpeg.Write([0xFF, 0xFE, 0xFF, 0xFF]);
            jpeg.Write(comment);
        }
        jpeg.Write([0xFF, 0xD9]);
        jpeg.Position = 0;

        var read = MetadataReader.Read(jpeg, "many-comments.jpg");

        Assert.Equal("image/jpeg", read.MediaType);
        Assert.StartsWith("metadata not read: JPEG segment 0xFFFE", read.Error);
        Assert.Contains("16 MiB per file", read.Error);
        Assert.Empty(read.Chunks);
    }

    [Fact]
    public void The_files_of_one_batch_share_its_budget_and_a_file_that_fails_gives_back_what_it_charged()
    {
        var batch = new MetadataBudget.Batch(limit: 100, perFile: 60);
        var first = batch.ForFile();
        first.Charge(50, "first");
        var second = batch.ForFile();

        Assert.Throws<MetadataBudgetException>(() => second.Charge(51, "second"));
        second.Refund();

        Assert.Equal(50, batch.SpentBytes);
        batch.ForFile().Charge(50, "third");
        Assert.Contains("100 B per import", Assert.Throws<MetadataBudgetException>(() => batch.ForFile().Charge(1, "fourth")).Message);
    }
}
