using System.Buffers.Binary;
using System.Text;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Containers;

public sealed class ExifReaderTests
{
    public const string A1111Infotext = "a girl with an artist's beret, café at dusk, 春风\nNegative prompt: lowres\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x512, Model hash: 45dee52b";

    private static (int, string, string) Row(ExifField f) => (f.Tag, f.Name, f.Value);

    [Fact]
    public void A1111_user_comment_is_utf16_big_endian_after_the_unicode_prefix()
    {
        var tiff = TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x0131, "piexif")], [TiffBuilder.UnicodeComment(A1111Infotext, bigEndian: true)]);
        Assert.Equal([(0x0131, "Software", "piexif"), (0x9286, "UserComment", A1111Infotext)], ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void A_little_endian_unicode_comment_is_recognised_by_its_ascii_content()
    {
        var tiff = TiffBuilder.Build(bigEndian: false, [], [TiffBuilder.UnicodeComment("Steps: 30, Seed: 1, 春风", bigEndian: false)]);
        Assert.Equal("Steps: 30, Seed: 1, 春风", ExifReader.Read(tiff).Single().Value);
    }

    [Fact]
    public void Ascii_undefined_and_missing_prefixes_decode_as_utf8()
    {
        var tiff = TiffBuilder.Build(bigEndian: false, [], [TiffBuilder.Undefined(0x9286, [.. "ASCII\0\0\0"u8, .. "Steps: 20"u8])]);
        Assert.Equal("Steps: 20", ExifReader.Read(tiff).Single().Value);
        tiff = TiffBuilder.Build(bigEndian: false, [], [TiffBuilder.Undefined(0x9286, [0, 0, 0, 0, 0, 0, 0, 0, .. "naïve"u8])]);
        Assert.Equal("naïve", ExifReader.Read(tiff).Single().Value);
    }

    [Fact]
    public void Fooocus_plain_user_comment_software_and_text_maker_note_are_read()
    {
        const string parameters = "{\"prompt\": \"a cat\", \"seed\": \"127589946317439009\"}";
        var tiff = TiffBuilder.Build(bigEndian: false, [TiffBuilder.Ascii(0x0131, "Fooocus v2.5.5")],
            [TiffBuilder.Undefined(0x9286, Encoding.UTF8.GetBytes(parameters)), TiffBuilder.Undefined(0x927C, "fooocus"u8.ToArray())]);
        Assert.Equal(
            [(0x0131, "Software", "Fooocus v2.5.5"), (0x9286, "UserComment", parameters), (0x927C, "MakerNote", "fooocus")],
            ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void A_binary_maker_note_is_left_out()
    {
        var tiff = TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x010F, "Canon")], [TiffBuilder.Undefined(0x927C, [0x00, 0x1B, 0xFF, 0xFE, 0x01, 0x02])]);
        Assert.Equal([(0x010F, "Make", "Canon")], ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void ComfyUi_graphs_in_make_and_model_dates_artist_and_xp_comment_are_read()
    {
        var tiff = TiffBuilder.Build(bigEndian: false,
            [
                TiffBuilder.Ascii(0x010F, "workflow:{\"nodes\":[]}"), TiffBuilder.Ascii(0x0110, "prompt:{\"3\":{}}"), TiffBuilder.Ascii(0x013B, "Mei"),
                TiffBuilder.Ascii(0x0132, "2024:05:01 10:00:00"), TiffBuilder.Ascii(0x010E, "a"), new(0x9C9C, 1, 10, Encoding.Unicode.GetBytes("Note\0")),
            ],
            [TiffBuilder.Ascii(0x9003, "2024:05:01 09:59:58"), TiffBuilder.Ascii(0x9010, "+02:00")]);
        Assert.Equal(
            [
                (0x010F, "Make", "workflow:{\"nodes\":[]}"), (0x0110, "Model", "prompt:{\"3\":{}}"), (0x013B, "Artist", "Mei"),
                (0x0132, "DateTime", "2024:05:01 10:00:00"), (0x010E, "ImageDescription", "a"), (0x9C9C, "XPComment", "Note"),
                (0x9003, "DateTimeOriginal", "2024:05:01 09:59:58"), (0x9010, "OffsetTimeOriginal", "+02:00"),
            ],
            ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void Short_long_and_rational_values_are_formatted_as_numbers()
    {
        var tiff = TiffBuilder.Build(bigEndian: true,
            [new(0x010E, 3, 2, [0, 1, 0, 2]), new(0x010F, 4, 1, [0, 1, 0, 0]), new(0x0110, 5, 2, [0, 0, 0, 72, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 3])]);
        Assert.Equal(["1, 2", "65536", "72/1, 1/3"], ExifReader.Read(tiff).Select(f => f.Value));
    }

    [Fact]
    public void An_exif_ifd_pointing_back_to_ifd0_is_read_once()
    {
        var tiff = TiffBuilder.Build(bigEndian: false, [TiffBuilder.Ascii(0x0131, "loop")], [TiffBuilder.Long(0x8769, 8, bigEndian: false), TiffBuilder.Ascii(0x013B, "x")]);
        Assert.Equal([(0x0131, "Software", "loop"), (0x013B, "Artist", "x")], ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void An_ifd_pointing_to_itself_is_read_once()
    {
        var tiff = TiffBuilder.Build(bigEndian: true, [TiffBuilder.Ascii(0x010F, "Self"), TiffBuilder.Long(0x8769, 8, bigEndian: true)]);
        Assert.Equal([(0x010F, "Make", "Self")], ExifReader.Read(tiff).Select(Row));
    }

    [Fact]
    public void An_entry_whose_value_lies_outside_the_data_is_skipped()
    {
        var tiff = TiffBuilder.Build(bigEndian: false, [TiffBuilder.Ascii(0x010F, "Make that will be broken"), TiffBuilder.Ascii(0x0110, "Model")]);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(8 + 2 + 8), 0xFFFF_FF00); // first entry's value offset
        Assert.Equal([(0x0110, "Model", "Model")], ExifReader.Read(tiff).Select(Row));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'X', (byte)'X', 42, 0, 8, 0, 0, 0 }, "EXIF: byte order is neither II nor MM")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0 }, "EXIF: TIFF magic number 42 missing")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0 }, "EXIF: shorter than a TIFF header")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0, 0, 1, 0, 0, 0, 0 }, "EXIF: IFD offset 256 is outside the data")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 5, 0, 0 }, "EXIF: IFD at 8 with 5 entries runs past the end of the data")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0x03, 0xE9 }, "EXIF: IFD at 8 declares 1001 entries (limit 1000)")]
    public void A_broken_header_or_ifd0_is_a_format_error(byte[] tiff, string message) =>
        Assert.Equal(message, Assert.Throws<MetadataFormatException>(() => ExifReader.Read(tiff)).Message);
}
