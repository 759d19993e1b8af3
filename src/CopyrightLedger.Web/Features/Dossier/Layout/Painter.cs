using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Draws on one page in top-down point coordinates and adds link annotations.</summary>
internal sealed class Painter(XGraphics g, PdfPage page)
{
    public static readonly XColor Ink = XColor.FromArgb(0x1F, 0x23, 0x28);
    public static readonly XColor Muted = XColor.FromArgb(0x5F, 0x67, 0x70);
    public static readonly XColor Border = XColor.FromArgb(0xB8, 0xC0, 0xC8);
    public static readonly XColor Accent = XColor.FromArgb(0x1F, 0x5F, 0xAF);

    public XGraphics G { get; } = g;

    public void Line(Line line, double x, double top, double width, TextAlign align = TextAlign.Left, XColor? color = null)
    {
        var left = x + align switch
        {
            TextAlign.Center => (width - line.Width) / 2,
            TextAlign.Right => width - line.Width,
            _ => 0,
        };
        var baseline = top + line.Baseline;
        foreach (var p in line.Pieces)
        {
            var px = left + p.X;
            var size = p.Font.Size;
            if (p.Source.Highlight is { } hl)
                G.DrawRectangle(new XSolidBrush(hl), px, top + 1, p.Width, line.Height - 2);
            var ink = p.Source.Color ?? (p.Source.Link is null ? color ?? Ink : Accent);
            G.DrawString(p.Text, p.Font, new XSolidBrush(ink), px, baseline, XStringFormats.BaseLineLeft);
            if (p.Source.Underline || p.Source.Link is not null)
                G.DrawLine(new XPen(ink, size / 18), px, baseline + size * 0.12, px + p.Width, baseline + size * 0.12);
            if (p.Source.Strike)
                G.DrawLine(new XPen(ink, size / 16), px, baseline - size * 0.3, px + p.Width, baseline - size * 0.3);
            if (p.Source.Link is { } uri)
                WebLink(new XRect(px, top, p.Width, line.Height), uri);
        }
    }

    public void Rect(double x, double y, double w, double h, XColor? fill, XColor? stroke = null, double lineWidth = 0.5)
    {
        if (fill is { } f) G.DrawRectangle(new XSolidBrush(f), x, y, w, h);
        if (stroke is { } s) G.DrawRectangle(new XPen(s, lineWidth), x, y, w, h);
    }

    public void Rule(double x1, double y1, double x2, double y2, XColor color, double width = 0.5) =>
        G.DrawLine(new XPen(color, width), x1, y1, x2, y2);

    public void WebLink(XRect r, string uri) => page.AddWebLink(ToPdf(r), uri);

    /// <summary>A link to another page of this document (1-based).</summary>
    public void PageLink(XRect r, int pageNumber) => page.AddDocumentLink(ToPdf(r), pageNumber);

    // Annotations use PDF's bottom-up default user space.
    private PdfRectangle ToPdf(XRect r) =>
        new(new XPoint(r.Left, page.Height.Point - r.Bottom), new XPoint(r.Right, page.Height.Point - r.Top));
}
