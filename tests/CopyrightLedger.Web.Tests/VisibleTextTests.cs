using CopyrightLedger.Web.Features.Shared;

namespace CopyrightLedger.Web.Tests;

public sealed class VisibleTextTests
{
    [Theory]
    [InlineData('\u202A')] [InlineData('\u202B')] [InlineData('\u202C')] [InlineData('\u202D')] [InlineData('\u202E')]
    [InlineData('\u2066')] [InlineData('\u2067')] [InlineData('\u2068')] [InlineData('\u2069')]
    [InlineData('\u200E')] [InlineData('\u200F')] [InlineData('\u061C')]
    [InlineData('\u200B')] [InlineData('\uFEFF')] [InlineData('\u0000')] [InlineData('\u001B')] [InlineData('\u007F')] [InlineData('\u0085')]
    public void An_invisible_control_in_a_name_is_shown_as_its_code_point(char control)
    {
        var shown = VisibleText.Shown($"photo{control}gnp.exe");
        Assert.Equal($"photo⟨U+{(int)control:X4}⟩gnp.exe", shown);
        Assert.DoesNotContain(control, shown);
    }

    [Theory]
    [InlineData("sketch 01.png")]
    [InlineData("草图-第一版.png")]
    [InlineData("رسم.png")]
    [InlineData("🎨.png")]
    public void A_name_without_controls_is_shown_as_it_is(string name) => Assert.Equal(name, VisibleText.Shown(name));

    [Fact]
    public void A_file_name_on_screen_shows_the_override_and_the_stored_name_keeps_it()
    {
        var view = new Features.Works.ArtifactView(Guid.NewGuid(), null, null, new string('a', 64), "image/png", 1, null, null,
            "invoice\u202Egnp.exe", Core.Evidence.ArtifactRole.Final, DateTime.UtcNow, null);
        Assert.Equal("invoice⟨U+202E⟩gnp.exe", view.ShownFileName);
        Assert.Equal("invoice\u202Egnp.exe", view.OriginalFileName);
    }
}
