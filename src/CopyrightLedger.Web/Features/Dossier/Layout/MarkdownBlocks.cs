using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PdfSharp.Drawing;
using MdCode = Markdig.Syntax.CodeBlock;
using MdList = Markdig.Syntax.ListBlock;
using MdTable = Markdig.Extensions.Tables.Table;
using MdTableRow = Markdig.Extensions.Tables.TableRow;
using MdTableCell = Markdig.Extensions.Tables.TableCell;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>
/// Markdown (notes, descriptions) as layout blocks, through Markdig's syntax tree. Raw HTML is disabled, so tags
/// arrive as literal text; links are kept only for http, https and mailto.
/// </summary>
public static class MarkdownBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();

    private static readonly XColor Mark = XColor.FromArgb(0xFF, 0xF3, 0xB0);

    public static List<Block> From(string? markdown) =>
        [.. Markdig.Markdown.Parse(markdown ?? "", Pipeline).SelectMany(Convert)];

    private static IEnumerable<Block> Convert(Markdig.Syntax.Block block) => block switch
    {
        HeadingBlock h => [new Heading(Math.Clamp(h.Level, 1, 3), PlainText(h.Inline))],
        ParagraphBlock p => [new Paragraph(Runs(p.Inline))],
        MdList l => [new ListBlock(
            [.. l.OfType<ListItemBlock>().Select(i => new ListItem([.. i.SelectMany(Convert)]))],
            l.IsOrdered, l.IsOrdered && int.TryParse(l.OrderedStart, out var start) ? start : 1)],
        QuoteBlock q => [new Quote([.. q.SelectMany(Convert)])],
        MdCode c => [new CodeBlock(c.Lines.ToString())],
        ThematicBreakBlock => [new Rule()],
        MdTable t => [TableOf(t)],
        LinkReferenceDefinitionGroup => [],
        ContainerBlock container => container.SelectMany(Convert),
        LeafBlock leaf => [new Paragraph(leaf.Lines.ToString())],
        _ => [],
    };

    private static Table TableOf(MdTable table)
    {
        var rows = table.OfType<MdTableRow>().ToList();
        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(i => i < table.ColumnDefinitions.Count && table.ColumnDefinitions[i].Width > 0 ? table.ColumnDefinitions[i].Width : 1.0 / columns)
            .ToArray();
        var header = rows.TakeWhile(r => r.IsHeader).Count();
        return new Table(widths, [.. rows.Select(r => new TableRow([.. r.OfType<MdTableCell>().Select(c => Cell(c, r.IsHeader))]))], header)
        {
            FontSize = 9,
        };
    }

    private static TableCell Cell(MdTableCell cell, bool header)
    {
        var runs = cell.OfType<ParagraphBlock>().SelectMany(p => Runs(p.Inline, new Run("") { Bold = header })).ToList();
        return new TableCell(runs) { Background = header ? Table.Shade : null };
    }

    private static List<Run> Runs(ContainerInline? inline, Run? style = null)
    {
        var runs = new List<Run>();
        Append(runs, inline, style ?? new Run(""));
        return runs;
    }

    private static void Append(List<Run> runs, Inline? inline, Run style)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                runs.Add(style with { Text = literal.Content.ToString() });
                return;
            case CodeInline code:
                runs.Add(style with { Text = code.Content, Mono = true });
                return;
            case LineBreakInline br:
                runs.Add(style with { Text = br.IsHard ? "\n" : " " });
                return;
            case HtmlEntityInline entity:
                runs.Add(style with { Text = entity.Transcoded.ToString() });
                return;
            case HtmlInline html:
                runs.Add(style with { Text = html.Tag });
                return;
            case AutolinkInline auto:
                runs.Add(style with { Text = auto.Url, Link = Safe(auto.IsEmail ? "mailto:" + auto.Url : auto.Url) });
                return;
            case LinkInline { IsImage: true } image:
                runs.Add(style with { Text = $"[image: {PlainText(image)}]", Italic = true });
                return;
            case LinkInline link:
                AppendChildren(runs, link, style with { Link = Safe(link.Url) });
                return;
            case EmphasisInline em:
                AppendChildren(runs, em, (em.DelimiterChar, em.DelimiterCount) switch
                {
                    ('~', 2) => style with { Strike = true },
                    ('+', 2) => style with { Underline = true },
                    ('=', 2) => style with { Highlight = Mark },
                    ('*' or '_', 1) => style with { Italic = true },
                    ('*' or '_', _) => style with { Bold = true },
                    _ => style,
                });
                return;
            case ContainerInline container:
                AppendChildren(runs, container, style);
                return;
        }
    }

    private static void AppendChildren(List<Run> runs, ContainerInline container, Run style)
    {
        foreach (var child in container) Append(runs, child, style);
    }

    // The one allow-list (docs/SECURITY.md); a PDF is read outside the app, so paths inside it are no links there.
    private static string? Safe(string? url) => Features.Shared.UrlPolicy.IsAllowedExternalLink(url) ? url : null;

    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var run in Runs(inline)) text.Append(run.Text);
        return text.ToString();
    }
}
