using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>The column a block is laid out in, and the text colour and list depth inherited from outside.</summary>
internal readonly record struct Frame(double X, double Width, XColor Color, int Depth = 0);

internal sealed record HeadingRef(int Level, string Text);

/// <summary>
/// Turns blocks into slices. Headings are numbered in document order; <see cref="Placements"/> receives where each
/// one landed, and the table of contents is drawn from the pages the previous pass found.
/// </summary>
internal sealed partial class BlockLayout(Typesetter ts, PageSettings page, IReadOnlyList<HeadingRef> headings, IReadOnlyList<int> knownPages)
{
    private int _heading;

    /// <summary>Page index and top (relative to the body) of every heading, in document order.</summary>
    public (int Page, double Top)[] Placements { get; } = new (int, double)[headings.Count];

    private double Size => page.FontSize;

    public List<Slice> Layout(IEnumerable<Block> blocks)
    {
        var frame = new Frame(page.MarginLeft, page.BodyWidth, Painter.Ink);
        return [.. blocks.SelectMany(b => Layout(b, frame))];
    }

    public static List<HeadingRef> Headings(IEnumerable<Block> blocks) => [.. blocks.SelectMany(Walk)];

    private static IEnumerable<HeadingRef> Walk(Block block) => block switch
    {
        Heading h => [new HeadingRef(h.Level, h.Text)],
        KeepTogether k => k.Blocks.SelectMany(Walk),
        Quote q => q.Blocks.SelectMany(Walk),
        ListBlock l => l.Items.SelectMany(i => i.Blocks).SelectMany(Walk),
        _ => [],
    };

    private List<Slice> Layout(Block block, Frame f)
    {
        var slices = block switch
        {
            Heading h => HeadingSlices(h, f),
            Paragraph p => ParagraphSlices(p, f),
            ListBlock l => ListSlices(l, f),
            Quote q => QuoteSlices(q, f),
            CodeBlock c => CodeSlices(c, f),
            Rule => [new Slice(12, (p, top) => p.Rule(f.X, top + 6, f.X + f.Width, top + 6, Painter.Border, 0.8))],
            Table t => TableSlices(t, f),
            ImageBlock i => ImageSlices(i, f),
            ThumbnailRow r => ThumbnailSlices(r, f),
            QrBlock q => QrSlices(q, f),
            TocBlock t => TocSlices(t, f),
            KeepTogether k => Keep([.. k.Blocks.SelectMany(b => Layout(b, f))]),
            PageBreak => [new Slice(0) { BreakBefore = true }],
            Spacer s => [Slice.Gap(s.Height)],
            _ => throw new NotSupportedException($"No layout for {block.GetType().Name}."),
        };
        return block.Stamp is null ? slices : Mark(slices, s => s with { Stamp = block.Stamp });
    }

    /// <summary>Applies a change to the first slice that is drawn (not a gap or a page break).</summary>
    private static List<Slice> Mark(List<Slice> slices, Func<Slice, Slice> change)
    {
        var i = slices.FindIndex(s => !s.IsGap && !s.BreakBefore);
        if (i >= 0) slices[i] = change(slices[i]);
        return slices;
    }

    private static List<Slice> Keep(List<Slice> slices)
    {
        var total = slices.Where(s => !s.BreakBefore).Sum(s => s.Height) - slices.AsEnumerable().Reverse().TakeWhile(s => s.IsGap).Sum(s => s.Height);
        return Mark(slices, s => s with { KeepHeight = total });
    }

    private List<Line> Lines(IEnumerable<Run> runs, double size, double width, double factor = 1.4) =>
        LineBreaker.Break(ts, [.. runs.Select(r => new StyledRun(r, size))], width, factor);

    private static Slice LinesSlice(List<Line> lines, double x, double width, TextAlign align, XColor color, double padBelow = 0) =>
        new(lines.Sum(l => l.Height) + padBelow, (p, top) =>
        {
            foreach (var l in lines)
            {
                p.Line(l, x, top, width, align, color);
                top += l.Height;
            }
        });

    private List<Slice> HeadingSlices(Heading h, Frame f)
    {
        var level = Math.Clamp(h.Level, 1, 3);
        var size = level switch { 1 => Size * 1.8, 2 => Size * 1.4, _ => Size * 1.15 };
        var lines = Lines([new Run(h.Text) { Bold = true }], size, f.Width, 1.3);
        var index = _heading++;
        var text = LinesSlice(lines, f.X, f.Width, TextAlign.Left, Painter.Ink, level == 1 ? 8 : 4);
        var paint = text.Paint!;
        return
        [
            Slice.Gap(level == 1 ? 16 : 10),
            text with
            {
                KeepWithNext = true,
                Placed = (pageIndex, top) => Placements[index] = (pageIndex, top),
                Paint = level > 1 ? paint : (p, top) =>
                {
                    paint(p, top);
                    var y = top + lines.Sum(l => l.Height) + 2;
                    p.Rule(f.X, y, f.X + f.Width, y, Painter.Accent, 1);
                },
            },
        ];
    }

    private List<Slice> ParagraphSlices(Paragraph para, Frame f)
    {
        var size = para.FontSize ?? Size;
        var lines = Lines(para.Runs, size, f.Width);
        var color = para.Color ?? f.Color;
        return [.. lines.Select(l => LinesSlice([l], f.X, f.Width, para.Align, color)), Slice.Gap(size * 0.6)];
    }

    private List<Slice> ListSlices(ListBlock list, Frame f)
    {
        const double indent = 18;
        var slices = new List<Slice>();
        var inner = f with { X = f.X + indent, Width = f.Width - indent, Depth = f.Depth + 1 };
        for (var i = 0; i < list.Items.Count; i++)
        {
            var marker = list.Items[i].Marker ?? (list.Ordered ? $"{list.Start + i}." : (f.Depth % 3) switch { 0 => "•", 1 => "◦", _ => "▪" });
            var markerLine = Lines([new Run(marker)], Size, indent)[0];
            var item = list.Items[i].Blocks.SelectMany(b => Layout(b, inner)).ToList();
            slices.AddRange(Mark(item, s => s with
            {
                Paint = (p, top) =>
                {
                    s.Paint?.Invoke(p, top);
                    p.Line(markerLine, f.X, top, indent - 4, list.Ordered ? TextAlign.Right : TextAlign.Left, f.Color);
                },
            }));
        }
        return slices;
    }

    private List<Slice> QuoteSlices(Quote quote, Frame f)
    {
        var inner = f with { X = f.X + 14, Width = f.Width - 14, Color = Painter.Muted };
        var slices = quote.Blocks.SelectMany(b => Layout(b, inner)).ToList();
        // Gaps inside the quote become drawn slices, so the bar on the left runs unbroken.
        var last = slices.FindLastIndex(s => !s.IsGap);
        return [.. slices.Select((s, i) => i > last || s.BreakBefore ? s : s with
        {
            IsGap = false,
            Paint = (p, top) =>
            {
                s.Paint?.Invoke(p, top);
                p.Rect(f.X + 2, top, 2.5, s.Height, Painter.Border);
            },
        })];
    }

    private List<Slice> CodeSlices(CodeBlock code, Frame f)
    {
        const double pad = 6;
        var background = XColor.FromArgb(0xF4, 0xF6, 0xF8);
        var size = Size * 0.85;
        var text = code.Shell ? string.Join('\n', code.Code.TrimEnd('\n').Split('\n').SelectMany(c => ShellLines(c, size, f.Width - 2 * pad))) : code.Code.TrimEnd('\n');
        var lines = Lines([new Run(text) { Mono = true }], size, f.Width - 2 * pad, 1.3);
        Slice Band(double h, Line? line) => new(h, (p, top) =>
        {
            p.Rect(f.X, top, f.Width, h, background);
            if (line is not null) p.Line(line, f.X + pad, top, f.Width - 2 * pad);
        });
        return Keep([Band(pad / 2, null), .. lines.Select(l => Band(l.Height, l)), Band(pad / 2, null), Slice.Gap(Size * 0.8)]); // whole on one page when it fits
    }

    /// <summary>A command after a prompt, broken between words with a continuation mark and an indent where it is too wide.</summary>
    private IEnumerable<string> ShellLines(string command, double size, double width)
    {
        const string prompt = "$ ", indent = "    ", more = " \\";
        var line = prompt;
        // An option stays on one line with its value: "--since 4:c06c…" is never split.
        var words = new List<string>();
        foreach (var w in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (words.Count > 0 && words[^1].StartsWith('-') && !words[^1].Contains(' ') && !w.StartsWith('-')) words[^1] += " " + w;
            else words.Add(w);
        foreach (var word in words)
        {
            var start = line == prompt || line == indent;
            if (!start && ts.Width(line + " " + word + more, new TextStyle(size, Mono: true)) > width)
            {
                yield return line + more;
                line = indent;
                start = true;
            }
            line += (start ? "" : " ") + word;
        }
        yield return line;
    }

    private List<Slice> TocSlices(TocBlock toc, Frame f)
    {
        const double numberWidth = 36;
        var slices = new List<Slice> { LinesSlice(Lines([new Run(toc.Title) { Bold = true }], Size * 1.4, f.Width, 1.3), f.X, f.Width, TextAlign.Left, Painter.Ink, 6) };
        for (var i = 0; i < headings.Count; i++)
        {
            if (headings[i].Level > toc.MaxLevel) continue;
            var indent = (headings[i].Level - 1) * 14;
            var pageIndex = i < knownPages.Count ? knownPages[i] : -1;
            var lines = Lines([new Run(headings[i].Text) { Bold = headings[i].Level == 1 }], Size, f.Width - indent - numberWidth);
            var number = Lines([new Run(pageIndex < 0 ? "" : (pageIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))], Size, numberWidth)[0];
            var text = LinesSlice(lines, f.X + indent, f.Width - indent - numberWidth, TextAlign.Left, f.Color);
            slices.Add(text with
            {
                Paint = (p, top) =>
                {
                    text.Paint!(p, top);
                    var last = lines[^1];
                    var lastTop = top + text.Height - last.Height;
                    var dotsFrom = f.X + indent + last.Width + 4;
                    var dotsTo = f.X + f.Width - numberWidth + 4;
                    if (dotsTo > dotsFrom)
                        p.G.DrawLine(new XPen(Painter.Border, 0.8) { DashPattern = [0.5, 3] }, dotsFrom, lastTop + last.Baseline, dotsTo, lastTop + last.Baseline);
                    p.Line(number, f.X + f.Width - numberWidth, lastTop, numberWidth, TextAlign.Right, f.Color);
                    if (pageIndex >= 0) p.PageLink(new XRect(f.X + indent, top, f.Width - indent, text.Height), pageIndex + 1);
                },
            });
        }
        slices.Add(Slice.Gap(Size));
        return slices;
    }
}
