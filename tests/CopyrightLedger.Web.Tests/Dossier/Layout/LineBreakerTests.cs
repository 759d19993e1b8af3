using CopyrightLedger.Web.Features.Dossier.Layout;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

public sealed class LineBreakerTests
{
    private static readonly Typesetter Ts = new(FontFiles.Default);

    private static List<string> Lines(string text, double width, out List<Line> lines)
    {
        lines = LineBreaker.Break(Ts, [new StyledRun(new Run(text), 10)], width);
        return [.. lines.Select(l => string.Concat(l.Pieces.Select(p => p.Text)))];
    }

    [Fact]
    public void Latin_text_breaks_at_spaces_and_no_line_is_wider_than_the_column()
    {
        var text = "The author wrote the first prompt, chose the seed and edited the output by hand.";
        var lines = Lines(text, 120, out var measured);
        Assert.True(lines.Count > 2);
        Assert.Equal(text, string.Join(" ", lines));
        Assert.All(measured, l => Assert.True(l.Width <= 120.01, $"{l.Width}"));
    }

    [Fact]
    public void An_overlong_hash_is_broken_between_characters()
    {
        var lines = Lines(SampleDocument.Hash, 100, out var measured);
        Assert.True(lines.Count >= 3);
        Assert.Equal(SampleDocument.Hash, string.Concat(lines));
        Assert.All(measured, l => Assert.True(l.Width <= 100.01));
    }

    [Fact]
    public void Chinese_breaks_between_characters_with_kinsoku_at_every_width()
    {
        const string text = "本卷宗记录了作品《黄昏时分的少女》的创作过程，包括提示词、参数与人工修改。作者说：“这是我的作品！”（见附件）Mixed English 与中文。";
        for (double width = 30; width < 400; width += 7)
        {
            var lines = Lines(text, width, out var measured);
            Assert.Equal(text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
            foreach (var line in lines.Skip(1)) Assert.DoesNotContain(line[0], "，。、；：？！）」』》”");
            foreach (var line in lines.SkipLast(1)) Assert.DoesNotContain(line[^1], "（「『《“");
            Assert.All(measured.Zip(lines), m => Assert.True(m.First.Width <= width + 0.01 || m.Second.Length <= 2, $"{m.Second} at {width}"));
        }
    }

    [Fact]
    public void Characters_missing_from_dejavu_are_set_in_the_cjk_font()
    {
        var segments = Ts.Segments("Seed 42：黄昏", new TextStyle(10));
        Assert.Equal(["DejaVu Sans", "Droid Sans Fallback"], segments.Select(s => s.Font.FontFamily.Name));
        Assert.Equal("：黄昏", segments[1].Text);
    }
}
