using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Tests.Assessment;

/// <summary>
/// The edit thresholds of docs/ASSESSMENT.md on their edges, measured on real pixels: a 100 x 100 image of which a
/// block of the given number of pixels is painted over, compared by <see cref="ImageDiff"/> as the assessment does.
/// </summary>
public sealed class EditThresholdTests
{
    private static double PaintedShare(int pixels)
    {
        var before = new byte[100 * 100 * 4];
        Array.Fill(before, (byte)200);
        var after = (byte[])before.Clone();
        for (var i = 0; i < pixels; i++) { after[i * 4] = 10; after[i * 4 + 1] = 240; }
        return ImageDiff.Compare(new RgbaImage(100, 100, before), new RgbaImage(100, 100, after)).ChangedShare;
    }

    private static int Score(string kind, int pixels) => EditMeasure.Of([new EditFacts(kind, "Photoshop", PaintedShare(pixels), 1, 10)]).Score;

    [Theory]
    [InlineData("composite")]
    [InlineData("inpaint")]
    [InlineData("paint-over")]
    public void An_expressive_kind_touching_under_the_minor_share_is_a_minor_edit(string kind)
    {
        Assert.Equal(1, Score(kind, 190)); // 1.9 %
        Assert.Equal(2, Score(kind, 210)); // 2.1 %
        Assert.Single(EditMeasure.Of([new EditFacts(kind, "Photoshop", PaintedShare(190), 1, 10)]).Minor);
    }

    [Fact]
    public void A_sticker_stays_minor_whatever_its_size()
    {
        Assert.Equal(1, Score("sticker", 190));
        Assert.Equal(1, Score("sticker", 5000));
    }

    [Fact]
    public void An_expressive_edit_scores_three_from_a_tenth_of_the_image()
    {
        Assert.Equal(2, Score("paint-over", 990));  // 9.9 %
        Assert.Equal(3, Score("paint-over", 1010)); // 10.1 %
    }

    [Fact]
    public void An_expressive_edit_that_could_not_be_measured_counts_by_its_kind() =>
        Assert.Equal(2, EditMeasure.Of([new EditFacts("inpaint", "Invoke", null, null, 5)]).Score);
}
