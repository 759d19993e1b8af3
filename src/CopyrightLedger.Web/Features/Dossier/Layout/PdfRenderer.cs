using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Lays out a <see cref="LayoutDocument"/>, paints it with PDFsharp and returns the finished PDF bytes.</summary>
public static class PdfRenderer
{
    private const int MaxPasses = 5;

    public static byte[] Render(LayoutDocument doc)
    {
        var ts = new Typesetter(doc.Fonts);
        var headings = BlockLayout.Headings(doc.Blocks);
        var hasToc = doc.Blocks.Any(b => b is TocBlock);
        var known = Enumerable.Repeat(-1, headings.Count).ToArray();
        BlockLayout layout;
        List<LaidOutPage> pages;
        // A table of contents needs the pages of headings that come after it: lay out until the pages it shows
        // are the pages the headings land on.
        for (var pass = 1; ; pass++)
        {
            layout = new BlockLayout(ts, doc.Page, headings, known);
            pages = Paginator.Paginate(layout.Layout(doc.Blocks), doc.Page.BodyHeight);
            var found = layout.Placements.Select(p => p.Page).ToArray();
            if (!hasToc || found.SequenceEqual(known) || pass == MaxPasses) break;
            known = found;
        }
        return PdfFinisher.Finish(Paint(doc, ts, pages, headings, layout.Placements), doc);
    }

    public static void Render(LayoutDocument doc, Stream output) => output.Write(Render(doc));

    private static byte[] Paint(LayoutDocument doc, Typesetter ts, List<LaidOutPage> pages, List<HeadingRef> headings, (int Page, double Top)[] placements)
    {
        using var pdf = new PdfDocument();
        // Streams are written uncompressed here and compressed by PdfFinisher (see there why).
        pdf.Options.NoCompression = true;
        pdf.Info.Title = doc.Info.Title;
        pdf.Info.Author = doc.Info.Author;
        pdf.Info.Subject = doc.Info.Subject;
        pdf.Info.Keywords = doc.Info.Keywords;
        pdf.Info.Creator = "CopyrightLedger";
        pdf.Info.CreationDate = doc.CreationDate.UtcDateTime;
        pdf.Info.ModificationDate = doc.CreationDate.UtcDateTime;
        pdf.PageMode = headings.Count > 0 ? PdfPageMode.UseOutlines : PdfPageMode.UseNone;

        var s = doc.Page;
        var pdfPages = new List<PdfPage>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(s.Width);
            page.Height = XUnit.FromPoint(s.Height);
            pdfPages.Add(page);
            using var g = XGraphics.FromPdfPage(page);
            var painter = new Painter(g, page);
            foreach (var placed in pages[i].Slices)
                placed.Slice.Paint?.Invoke(painter, s.MarginTop + placed.Top);
            PaintFrame(painter, ts, s, i + 1, pages.Count, pages[i].Stamp);
        }

        var stack = new List<(int Level, PdfOutline Node)>();
        for (var i = 0; i < headings.Count; i++)
        {
            var level = Math.Clamp(headings[i].Level, 1, 3);
            while (stack.Count > 0 && stack[^1].Level >= level) stack.RemoveAt(stack.Count - 1);
            var parent = stack.Count == 0 ? pdf.Outlines : stack[^1].Node.Outlines;
            var node = parent.Add(headings[i].Text, pdfPages[placements[i].Page], level == 1);
            // Open at the heading itself, not at the top of its page (XYZ, zoom unchanged).
            node.PageDestinationType = PdfPageDestinationType.Xyz;
            node.Left = 0;
            node.Top = doc.Page.Height - (doc.Page.MarginTop + placements[i].Top) + 6; // PDF space: from the bottom; PDFsharp writes it as given
            node.Zoom = 0;
            stack.Add((level, node));
        }

        foreach (var a in doc.Attachments)
            pdf.AddEmbeddedFile(a.Name, new MemoryStream(a.Data, writable: false));

        using var output = new MemoryStream();
        pdf.Save(output);
        return output.ToArray();
    }

    /// <summary>Header texts and rule, the exhibit stamp at the top right, and "page X of Y" at the bottom.</summary>
    private static void PaintFrame(Painter p, Typesetter ts, PageSettings s, int number, int count, string? stamp)
    {
        var size = s.FontSize * 0.8;
        var width = s.BodyWidth;
        var headerTop = s.MarginTop - 34;
        var right = s.MarginLeft + width;
        if (stamp is not null)
        {
            var line = One(ts, new Run(stamp) { Bold = true }, s.FontSize, width);
            var box = new XRect(right - line.Width - 12, headerTop - 4, line.Width + 12, line.Height + 4);
            p.Rect(box.X, box.Y, box.Width, box.Height, XColor.FromArgb(0xFF, 0xF4, 0xE5), XColor.FromArgb(0xB4, 0x5F, 0x06), 1.2);
            p.Line(line, box.X + 6, box.Y + 2, line.Width, TextAlign.Left, XColor.FromArgb(0x8A, 0x48, 0x05));
            right = box.X - 8;
        }
        if (s.HeaderLeft.Length > 0) p.Line(One(ts, new Run(s.HeaderLeft), size, width / 2), s.MarginLeft, headerTop, width / 2, TextAlign.Left, Painter.Muted);
        if (s.HeaderRight.Length > 0)
            p.Line(One(ts, new Run(s.HeaderRight), size, right - s.MarginLeft - width / 2), s.MarginLeft, headerTop, right - s.MarginLeft, TextAlign.Right, Painter.Muted);
        p.Rule(s.MarginLeft, s.MarginTop - 12, s.MarginLeft + width, s.MarginTop - 12, Painter.Border);

        var footerTop = s.Height - s.MarginBottom + 18;
        p.Rule(s.MarginLeft, footerTop - 4, s.MarginLeft + width, footerTop - 4, Painter.Border);
        var footer = string.Format(CultureInfo.InvariantCulture, s.FooterFormat, number, count);
        p.Line(One(ts, new Run(footer), size, width), s.MarginLeft, footerTop, width, TextAlign.Right, Painter.Muted);
        if (s.FooterLeft.Length > 0) p.Line(One(ts, new Run(s.FooterLeft), size, width * 0.6), s.MarginLeft, footerTop, width * 0.6, TextAlign.Left, Painter.Muted);
    }

    /// <summary>The first line of a short text (header and footer texts are cut to one line).</summary>
    private static Line One(Typesetter ts, Run run, double size, double width) =>
        LineBreaker.Break(ts, [new StyledRun(run, size)], width, 1.3)[0];
}
