using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Domain;

/// <summary>One way to write a byte size, wherever the app writes one (a file's size, a limit in a message).</summary>
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData((1 << 20) - 1, "1024 KiB")]
    [InlineData(16L << 20, "16 MiB")]
    [InlineData(3L << 30, "3 GiB")]
    public void A_size_is_written_in_binary_units_with_at_most_one_decimal(long bytes, string text) =>
        Assert.Equal(text, ByteSize.Text(bytes));

    [Fact]
    public void A_metadata_limit_is_named_as_a_file_size_is()
    {
        var budget = MetadataBudget.ForOneFile(1536);
        var e = Assert.Throws<MetadataBudgetException>(() => budget.Charge(2000, "XMP"));
        Assert.Contains($"the limit of {ByteSize.Text(1536)} per file", e.Message);
    }
}
