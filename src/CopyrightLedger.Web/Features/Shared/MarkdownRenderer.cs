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
        // Every link form (inline, reference, <autolink>, bare www/http, image) passes UrlPolicy or becomes text.
        foreach (var link in document.Descendants<LinkInline>().ToList()) Police(link);
        foreach (var auto in document.Descendants<AutolinkInline>().ToList())
            if (!UrlPolicy.IsAllowedLink(auto.IsEmail ? "mailto:" + auto.Url : auto.Url))
                auto.ReplaceBy(new LiteralInline(auto.Url));
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    private static void Police(LinkInline link)
    {
        if (!UrlPolicy.IsAllowedLink(link.Url))
        {
            // The words stay, the link goes: its children (or an image's alt text) take its place as text.
            ReplaceByChildren(link);
            return;
        }
        // An image from another site would load the moment a note is opened (a tracking pixel, and the CSP
        // refuses it anyway): it becomes a link the reader may follow instead.
        if (link.IsImage && UrlPolicy.IsAllowedExternalLink(link.Url)) link.IsImage = false;
    }

    private static void ReplaceByChildren(LinkInline link)
    {
        var children = link.ToList();
        Inline anchor = new LiteralInline("");
        link.ReplaceBy(anchor);
        foreach (var child in children)
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }
    }
}
