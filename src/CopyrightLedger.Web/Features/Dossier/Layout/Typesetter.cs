using System.Text;
using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>The font-selecting part of a run's style.</summary>
internal readonly record struct TextStyle(double Size, bool Bold = false, bool Italic = false, bool Mono = false);

/// <summary>
/// Picks a font for every character (DejaVu where it has the glyph, else Droid Sans Fallback) and measures text
/// with PDFsharp's own metrics, so measured widths match what is drawn.
/// </summary>
internal sealed class Typesetter
{
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(10000, 10000), XGraphicsUnit.Point, XPageDirection.Downwards);
    private readonly Dictionary<(TextStyle, bool), XFont> _fonts = [];
    private readonly Dictionary<(XFont, string), double> _widths = [];
    private readonly CmapCoverage _sans, _mono, _cjk;

    public Typesetter(FontFiles files)
    {
        PdfFonts.Configure(files);
        _sans = CmapCoverage.Of(files.Sans);
        _mono = CmapCoverage.Of(files.Mono);
        _cjk = CmapCoverage.Of(files.CjkFallback);
    }

    public XFont Font(TextStyle style, bool cjk = false)
    {
        if (_fonts.TryGetValue((style, cjk), out var font)) return font;
        var family = cjk ? PdfFonts.Cjk : style.Mono ? PdfFonts.Mono : PdfFonts.Sans;
        var flags = (style.Bold ? XFontStyleEx.Bold : 0) | (style.Italic ? XFontStyleEx.Italic : 0);
        font = new XFont(family, style.Size, flags, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
        _fonts[(style, cjk)] = font;
        return font;
    }

    /// <summary>Splits text into maximal pieces drawn with one font. Whitespace stays with the font before it.</summary>
    public List<(XFont Font, string Text)> Segments(string text, TextStyle style)
    {
        var result = new List<(XFont, string)>();
        var primary = style.Mono ? _mono : _sans;
        var piece = new StringBuilder();
        bool? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var cjk = Rune.IsWhiteSpace(rune) ? current ?? false : !primary.Has(rune.Value) && _cjk.Has(rune.Value);
            if (current is { } c && c != cjk)
            {
                result.Add((Font(style, c), piece.ToString()));
                piece.Clear();
            }
            current = cjk;
            piece.Append(rune.ToString());
        }
        if (piece.Length > 0) result.Add((Font(style, current ?? false), piece.ToString()));
        return result;
    }

    public double Width(XFont font, string text)
    {
        if (text.Length == 0) return 0;
        if (!_widths.TryGetValue((font, text), out var width))
            _widths[(font, text)] = width = _measure.MeasureString(text, font).Width;
        return width;
    }

    public double Width(string text, TextStyle style) => Segments(text, style).Sum(s => Width(s.Font, s.Text));
}
