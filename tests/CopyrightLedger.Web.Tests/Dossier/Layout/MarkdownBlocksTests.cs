using CopyrightLedger.Web.Features.Dossier.Layout;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

public sealed class MarkdownBlocksTests : IDisposable
{
    private readonly TempDir _dir = new();

    private const string Note = """
        # Notes 笔记

        Some *italic*, **bold**, ~~removed~~, `seed=42` and a [link](https://example.org) and [bad](javascript:alert(1)).

        - one
        - two
          1. nested

        > quoted 引用

        ```json
        {"seed": 42}
        ```

        | Run | Hash |
        |-----|------|
        | 1   | abc  |

        ---

        <b>not bold</b> <script>alert(1)</script>

        <div>html block</div>
        """;

    [Fact]
    public void Markdown_becomes_the_matching_blocks_and_runs()
    {
        var blocks = MarkdownBlocks.From(Note);
        Assert.Equal([typeof(Heading), typeof(Paragraph), typeof(ListBlock), typeof(Quote), typeof(CodeBlock), typeof(Table), typeof(Rule), typeof(Paragraph), typeof(Paragraph)],
            blocks.Select(b => b.GetType()));
        var runs = ((Paragraph)blocks[1]).Runs;
        Assert.Contains(runs, r => r is { Text: "italic", Italic: true });
        Assert.Contains(runs, r => r is { Text: "bold", Bold: true });
        Assert.Contains(runs, r => r is { Text: "removed", Strike: true });
        Assert.Contains(runs, r => r is { Text: "seed=42", Mono: true });
        Assert.Contains(runs, r => r is { Text: "link", Link: "https://example.org" });
        Assert.Contains(runs, r => r is { Text: "bad", Link: null });
        var nested = ((ListBlock)blocks[2]).Items[1].Blocks.OfType<ListBlock>().Single();
        Assert.True(nested.Ordered);
        var table = (Table)blocks[5];
        Assert.Equal(1, table.HeaderRows);
        Assert.Equal("abc", table.Rows[1].Cells[1].Runs.Single().Text);
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_markup()
    {
        var blocks = MarkdownBlocks.From(Note);
        var html = string.Concat(blocks.OfType<Paragraph>().SelectMany(p => p.Runs).Select(r => r.Text));
        Assert.Contains("<b>not bold</b>", html);
        Assert.Contains("<script>alert(1)</script>", html);
        Assert.Contains("<div>html block</div>", html);

        var path = Path.Combine(_dir.Path, "note.pdf");
        File.WriteAllBytes(path, PdfRenderer.Render(new LayoutDocument(new DocumentInfo("Note"), SampleDocument.Created).AddRange(blocks)));
        var text = Poppler.Text(path);
        Assert.Contains("<b>not bold</b> <script>alert(1)</script>", text);
        Assert.Contains("<div>html block</div>", text);
        Assert.Contains("Notes 笔记", text);
        Assert.Contains("quoted 引用", text);
    }

    public void Dispose() => _dir.Dispose();
}
