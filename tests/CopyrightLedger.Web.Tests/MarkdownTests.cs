using CopyrightLedger.Web.Features.Shared;

namespace CopyrightLedger.Web.Tests;

public sealed class MarkdownTests
{
    [Fact]
    public void Raw_html_in_a_note_is_shown_as_text()
    {
        var html = MarkdownRenderer.ToHtml("Hello <script>alert(1)</script> <b>bold</b>");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void Script_links_are_neutralised_and_web_links_kept()
    {
        var html = MarkdownRenderer.ToHtml("[x](javascript:alert(1)) [y](https://example.org/a) [z](/cases)");
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("href=\"https://example.org/a\"", html);
        Assert.Contains("href=\"/cases\"", html);
    }

    [Fact]
    public void Markdown_structure_is_rendered()
    {
        var html = MarkdownRenderer.ToHtml("# Brief\n\n- **light** from the left\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        Assert.Contains("<h1", html);
        Assert.Contains("<strong>light</strong>", html);
        Assert.Contains("<table>", html);
    }
}
