using System.Text.RegularExpressions;
using CopyrightLedger.Web.Features.Shared;

namespace CopyrightLedger.Web.Tests;

public sealed partial class MarkdownTests
{
    [Fact]
    public void Raw_html_in_a_note_is_shown_as_text()
    {
        var html = MarkdownRenderer.ToHtml("Hello <script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)> \"><svg onload=alert(1)>\n\n<div onclick=\"x()\">block</div>");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<svg", html);
        Assert.DoesNotContain("<div", html);
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

    // Every link form Markdig produces, with the schemes and the ways of hiding them an attacker would try.
    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JaVaScRiPt:alert(1)>")]
    [InlineData("<vbscript:msgbox(1)>")]
    [InlineData("<data:text/html,<script>alert(1)</script>>")]
    [InlineData("<file:///etc/passwd>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](JAVASCRIPT:alert(1))")]
    [InlineData("[x]( javascript:alert(1))")]
    [InlineData("[x](<java\tscript:alert(1)>)")]
    [InlineData("[x](<javascript :alert(1)>)")]
    [InlineData("[x](&#106;avascript:alert(1))")]
    [InlineData("[x](&#x6A;avascript&#x3A;alert(1))")]
    [InlineData("[x](javascript&colon;alert(1))")]
    [InlineData("[x](java&#9;script:alert(1))")]
    [InlineData("[x](java&#10;script:alert(1))")]
    [InlineData("[x](\\javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("[x](file:///etc/passwd)")]
    [InlineData("[x](//evil.example/a)")]
    [InlineData("[x](/\\evil.example/a)")]
    [InlineData("[x](\\\\evil.example/a)")]
    [InlineData("[x](ftp://evil.example/a)")]
    [InlineData("[x][r]\n\n[r]: javascript:alert(1)")]
    [InlineData("[r]\n\n[r]: <javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("![x](data:image/svg+xml,<svg onload=alert(1)>)")]
    [InlineData("![x][r]\n\n[r]: data:image/png;base64,AAAA")]
    [InlineData("[x](javascript:alert(1) \"title\")")]
    public void A_link_outside_the_allow_list_is_shown_as_text(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);
        Assert.DoesNotMatch(AnyLink(), html);
    }

    [Theory]
    [InlineData("<https://example.org/a>", "https://example.org/a")]
    [InlineData("<HTTPS://example.org/a>", "HTTPS://example.org/a")]
    [InlineData("<mailto:someone@example.org>", "mailto:someone@example.org")]
    [InlineData("<someone@example.org>", "mailto:someone@example.org")]
    [InlineData("see www.example.org today", "http://www.example.org")]
    [InlineData("see https://example.org/b today", "https://example.org/b")]
    [InlineData("[x](http://example.org/c)", "http://example.org/c")]
    [InlineData("[x][r]\n\n[r]: https://example.org/d", "https://example.org/d")]
    [InlineData("[x](/cases/1#notes)", "/cases/1#notes")]
    [InlineData("[x](works/2)", "works/2")]
    [InlineData("[x](#top)", "#top")]
    public void A_link_inside_the_allow_list_stays_a_link(string markdown, string href)
    {
        var html = MarkdownRenderer.ToHtml(markdown);
        Assert.Contains($"href=\"{href}\"", html);
    }

    [Fact]
    public void A_refused_link_keeps_its_words()
    {
        var html = MarkdownRenderer.ToHtml("before [click **here**](javascript:alert(1)) after <javascript:alert(2)>");
        Assert.Contains("before click <strong>here</strong> after javascript:alert(2)", html);
        Assert.DoesNotMatch(AnyLink(), html);
    }

    [Fact]
    public void An_image_from_another_site_becomes_a_link_and_an_image_in_the_app_stays()
    {
        var html = MarkdownRenderer.ToHtml("![pixel](https://tracker.example/p.png) ![own](/blobs/1)");
        Assert.Contains("<a href=\"https://tracker.example/p.png\">pixel</a>", html);
        Assert.Contains("<img src=\"/blobs/1\" alt=\"own\"", html);
        Assert.DoesNotContain("<img src=\"https:", html);
    }

    [Fact]
    public void Markdown_structure_is_rendered()
    {
        var html = MarkdownRenderer.ToHtml("# Brief\n\n- **light** from the left\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        Assert.Contains("<h1", html);
        Assert.Contains("<strong>light</strong>", html);
        Assert.Contains("<table>", html);
    }

    [GeneratedRegex(@"<a\b|<img\b|\bhref=|\bsrc=", RegexOptions.IgnoreCase)]
    private static partial Regex AnyLink();
}
