using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>One piece of content in the flow. <see cref="Stamp"/> marks the page where the block starts (an exhibit number).</summary>
public abstract record Block
{
    public string? Stamp { get; init; }
}

/// <summary>A stretch of text in one style. <see cref="Link"/> makes it a clickable URI.</summary>
public sealed record Run(string Text)
{
    public bool Bold { get; init; }
    public bool Italic { get; init; }
    public bool Mono { get; init; }
    public string? Link { get; init; }
    public XColor? Color { get; init; }
    public XColor? Highlight { get; init; }
    public bool Strike { get; init; }
    public bool Underline { get; init; }
}

public enum TextAlign { Left, Center, Right }

/// <summary>Levels 1–3; each heading is also an outline (bookmark) entry, nested by level.</summary>
public sealed record Heading(int Level, string Text) : Block;

public sealed record Paragraph(IReadOnlyList<Run> Runs) : Block
{
    public Paragraph(string text) : this([new Run(text)]) { }
    public double? FontSize { get; init; }
    public TextAlign Align { get; init; }
    public XColor? Color { get; init; }
}

public sealed record ListItem(IReadOnlyList<Block> Blocks)
{
    public ListItem(string text) : this([new Paragraph(text)]) { }
    /// <summary>Drawn instead of the list's bullet (a ✓ or ✗), so an item never carries two marks.</summary>
    public string? Marker { get; init; }
}

public sealed record ListBlock(IReadOnlyList<ListItem> Items, bool Ordered = false, int Start = 1) : Block;

public sealed record Quote(IReadOnlyList<Block> Blocks) : Block;

/// <summary>
/// Monospaced text. With <see cref="Shell"/> each line is a command set after a <c>$ </c> prompt, broken only between
/// words and with a shell continuation (<c> \</c>) where it does not fit, so what is copied after the prompt runs.
/// </summary>
public sealed record CodeBlock(string Code) : Block
{
    public bool Shell { get; init; }
}

/// <summary>A horizontal line across the text column (Markdown's thematic break).</summary>
public sealed record Rule : Block;

public sealed record TableCell(IReadOnlyList<Run> Runs)
{
    public TableCell(string text) : this([new Run(text)]) { }
    public XColor? Background { get; init; }
}

public sealed record TableRow(IReadOnlyList<TableCell> Cells);

/// <summary>
/// Column widths are fractions of the text width. The first <see cref="HeaderRows"/> rows are repeated at the top of
/// every page the table continues on.
/// </summary>
public sealed record Table(IReadOnlyList<double> ColumnWidths, IReadOnlyList<TableRow> Rows, int HeaderRows = 1) : Block
{
    public double FontSize { get; init; } = 9;

    public static Table Of(IReadOnlyList<double> widths, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        new(widths, [Header(header), .. rows.Select(r => new TableRow([.. r.Select(c => new TableCell(c))]))]);

    /// <summary>A two-column table of labels (bold, shaded) and values, without a header row.</summary>
    public static Table KeyValue(IEnumerable<(string Key, IReadOnlyList<Run> Value)> pairs, double keyWidth = 0.3) =>
        new([keyWidth, 1 - keyWidth],
            [.. pairs.Select(p => new TableRow([new TableCell([new Run(p.Key) { Bold = true }]) { Background = Shade }, new TableCell(p.Value)]))],
            HeaderRows: 0);

    public static Table KeyValue(IEnumerable<(string Key, string Value)> pairs, double keyWidth = 0.3) =>
        KeyValue(pairs.Select(p => (p.Key, (IReadOnlyList<Run>)[new Run(p.Value)])), keyWidth);

    internal static readonly XColor Shade = XColor.FromArgb(0xEE, 0xF1, 0xF5);

    private static TableRow Header(IEnumerable<string> cells) =>
        new([.. cells.Select(c => new TableCell([new Run(c) { Bold = true }]) { Background = Shade })]);
}

/// <summary>PNG or JPEG bytes, scaled down (never up) to fit the box, keeping the aspect ratio.</summary>
public sealed record ImageBlock(byte[] Data, double MaxWidth, double MaxHeight) : Block
{
    public string? Caption { get; init; }
}

public sealed record Thumbnail(byte[] Data, string Caption, bool Selected = false);

/// <summary>Thumbnails side by side, each in a cell of equal width; a selected one gets a coloured border.</summary>
public sealed record ThumbnailRow(IReadOnlyList<Thumbnail> Items, double Height = 90) : Block;

/// <summary>Moved whole to the next page when it does not fit in the rest of this one but fits on a page.</summary>
public sealed record KeepTogether(IReadOnlyList<Block> Blocks) : Block;

public sealed record PageBreak : Block;

public sealed record Spacer(double Height) : Block;

/// <summary>A QR code drawn as vector squares.</summary>
public sealed record QrBlock(string Text, double Size = 90) : Block
{
    public string? Caption { get; init; }
}

/// <summary>Lists the headings up to <see cref="MaxLevel"/> with the pages they are on.</summary>
public sealed record TocBlock(string Title, int MaxLevel = 2) : Block;
