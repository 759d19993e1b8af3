using PdfSharp.Drawing;
using QRCoder;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Tables, images, thumbnail rows and QR codes.</summary>
internal sealed partial class BlockLayout
{
    private List<Slice> TableSlices(Table table, Frame f)
    {
        const double padX = 4, padY = 2.5;
        var total = table.ColumnWidths.Sum();
        var widths = table.ColumnWidths.Select(w => w / total * f.Width).ToArray();
        var lefts = widths.Select((_, i) => f.X + widths.Take(i).Sum()).ToArray();

        Slice Row(TableRow row)
        {
            var cells = widths.Select((w, i) => i < row.Cells.Count
                ? (Cell: row.Cells[i], Lines: Lines(row.Cells[i].Runs, table.FontSize, w - 2 * padX, 1.3))
                : (Cell: new TableCell(""), Lines: new List<Line>())).ToArray();
            var height = cells.Max(c => c.Lines.Sum(l => l.Height)) + 2 * padY;
            return new Slice(height, (p, top) =>
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    p.Rect(lefts[i], top, widths[i], height, cells[i].Cell.Background, Painter.Border);
                    var y = top + padY;
                    foreach (var l in cells[i].Lines)
                    {
                        p.Line(l, lefts[i] + padX, y, widths[i] - 2 * padX, TextAlign.Left, f.Color);
                        y += l.Height;
                    }
                }
            });
        }

        var headerRows = table.Rows.Take(table.HeaderRows).Select(Row).ToList();
        Slice? header = headerRows.Count == 0 ? null : new Slice(headerRows.Sum(r => r.Height), (p, top) =>
        {
            foreach (var r in headerRows)
            {
                r.Paint!(p, top);
                top += r.Height;
            }
        }) { KeepWithNext = true };
        var body = table.Rows.Skip(table.HeaderRows).Select(r => Row(r) with { RepeatHeader = header });
        return [.. header is null ? [] : new[] { header }, .. body, Slice.Gap(Size)];
    }

    private static (XImage Image, double Width, double Height) Fit(byte[] data, double maxWidth, double maxHeight)
    {
        var image = XImage.FromStream(new MemoryStream(data, writable: false));
        // Natural size at 96 dpi; scaled down, never up, to the box.
        double w = image.PixelWidth * 0.75, h = image.PixelHeight * 0.75;
        var scale = Math.Min(1, Math.Min(maxWidth / w, maxHeight / h));
        return (image, w * scale, h * scale);
    }

    private List<Slice> ImageSlices(ImageBlock block, Frame f)
    {
        var caption = block.Caption is null ? [] : Lines([new Run(block.Caption) { Italic = true }], Size * 0.85, f.Width);
        var captionHeight = caption.Sum(l => l.Height);
        var (image, w, h) = Fit(block.Data, Math.Min(block.MaxWidth, f.Width), Math.Min(block.MaxHeight, page.BodyHeight - captionHeight - 4));
        return
        [
            new Slice(h + 4 + captionHeight, (p, top) =>
            {
                p.G.DrawImage(image, f.X, top, w, h);
                foreach (var l in caption)
                {
                    p.Line(l, f.X, top + h + 4, f.Width, TextAlign.Left, Painter.Muted);
                    top += l.Height;
                }
            }),
            Slice.Gap(Size),
        ];
    }

    private List<Slice> ThumbnailSlices(ThumbnailRow row, Frame f)
    {
        if (row.Items.Count == 0) return [];
        const double gutter = 8;
        var cell = f.Width / row.Items.Count;
        var items = row.Items.Select(t => (
            Thumb: t,
            Fit: Fit(t.Data, cell - gutter - 4, row.Height - 4),
            Caption: Lines([new Run(t.Caption)], Size * 0.75, cell - gutter, 1.3))).ToArray();
        var captionHeight = items.Max(i => i.Caption.Sum(l => l.Height));
        return
        [
            new Slice(row.Height + 4 + captionHeight, (p, top) =>
            {
                for (var i = 0; i < items.Length; i++)
                {
                    var (thumb, (image, w, h), caption) = items[i];
                    var left = f.X + i * cell;
                    var box = new XRect(left, top, cell - gutter, row.Height);
                    p.G.DrawImage(image, box.X + (box.Width - w) / 2, box.Y + (box.Height - h) / 2, w, h);
                    if (thumb.Selected) p.Rect(box.X, box.Y, box.Width, box.Height, null, Painter.Accent, 2);
                    else p.Rect(box.X, box.Y, box.Width, box.Height, null, Painter.Border);
                    var y = top + row.Height + 4;
                    foreach (var l in caption)
                    {
                        p.Line(l, left, y, cell - gutter, TextAlign.Center, thumb.Selected ? Painter.Accent : Painter.Muted);
                        y += l.Height;
                    }
                }
            }),
            Slice.Gap(Size),
        ];
    }

    private List<Slice> QrSlices(QrBlock qr, Frame f)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(qr.Text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
        var module = qr.Size / matrix.Length;
        var caption = qr.Caption is null ? [] : Lines([new Run(qr.Caption)], Size * 0.75, f.Width, 1.3);
        return
        [
            new Slice(qr.Size + caption.Sum(l => l.Height), (p, top) =>
            {
                // One rectangle per horizontal run of dark modules; a hair taller so rows do not show seams.
                for (var y = 0; y < matrix.Length; y++)
                    for (var x = 0; x < matrix[y].Length; x++)
                    {
                        if (!matrix[y][x]) continue;
                        var start = x;
                        while (x + 1 < matrix[y].Length && matrix[y][x + 1]) x++;
                        p.G.DrawRectangle(XBrushes.Black, f.X + start * module, top + y * module, (x - start + 1) * module, module + 0.05);
                    }
                var cy = top + qr.Size;
                foreach (var l in caption)
                {
                    p.Line(l, f.X, cy, f.Width, TextAlign.Left, Painter.Muted);
                    cy += l.Height;
                }
            }),
            Slice.Gap(Size),
        ];
    }
}
