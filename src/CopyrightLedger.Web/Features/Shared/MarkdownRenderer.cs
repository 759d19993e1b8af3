using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CopyrightLedger.Web.Features.Shared;

public static class MarkdownRenderer
{
    // DisableHtml: inline and block HTML become escaped text, so a note cannot inject script or markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().UseTaskLists().DisableHtml().Build();

    public static string ToHtml(string? markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? "", Pipeline);
        // Links and images may only point to the web, mail, or inside the app: no javascript: or data: URLs.
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafe(link.Url)) link.Url = "#";
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var u = url.Trim();
        if (u.StartsWith('/') || u.StartsWith('#')) return true;
        if (!u.Contains(':')) return true;
        return u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
               || u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
               || u.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
    }
}
