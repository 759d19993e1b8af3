using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Features.Integrity;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Rules the app states in one place, checked through more than one of the places that apply them, so a second
/// definition drifting from the first is caught.
/// </summary>
public sealed class OneRuleTests
{
    private static readonly DateTime Claimed = new(2023, 2, 24, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, false)]
    [InlineData(24 * 60 * 60, false)] // exactly a day: not late
    [InlineData(24 * 60 * 60 + 1, true)]
    [InlineData(400 * 24 * 60 * 60, true)]
    public void Captured_late_means_the_same_on_the_integrity_tab_and_in_the_assessment(int seconds, bool late)
    {
        var captured = Claimed.AddSeconds(seconds);
        Assert.Equal(late, LateCapture.Is(Claimed, captured));
        Assert.Equal(late, new TimedItem("file", "a.png", new SourceTime(Claimed, 0), captured).CapturedLate);
        var brief = new NoteFacts("brief", Claimed, captured, 400);
        Assert.Equal(late, ConceptionMeasure.Of([brief], new GenerationTimes(Claimed.AddDays(500), null)).CapturedLate.Count == 1);
    }
}
