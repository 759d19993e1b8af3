using System.Globalization;
using CopyrightLedger.Web.Features.Dossier.Layout;
using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

/// <summary>A document that uses every kind of block, in English and Chinese.</summary>
public static class SampleDocument
{
    public static readonly DateTimeOffset Created = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
    public const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static byte[] Png(string name = "01-a.png") => File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", name));

    public static LayoutDocument Build(Action<LayoutDocument>? extra = null, bool pdfA = false)
    {
        var doc = new LayoutDocument(new DocumentInfo("Evidence dossier 证据卷宗", "CopyrightLedger", "Li v. Liu", "copyright, AI"), Created)
        {
            Page = new PageSettings { HeaderLeft = "CopyrightLedger · Li v. Liu", HeaderRight = "Dossier 2025-03-14" },
            PdfA = pdfA,
        };
        doc.Add(new Heading(1, "Evidence dossier"))
            .Add(new TocBlock("Contents"))
            .Add(new Heading(1, "Summary 摘要"))
            .Add(new Paragraph([
                new Run("This dossier records how the work "), new Run("黄昏时分的少女") { Bold = true },
                new Run(" was made. 本卷宗记录了作品《黄昏时分的少女》的创作过程，包括提示词、参数与人工修改。"),
                new Run(" Link: "), new Run("the ledger") { Link = "https://example.org/ledger" },
                new Run(", code "), new Run("seed=42") { Mono = true }, new Run(", and "), new Run("italic text") { Italic = true }, new Run("."),
            ]))
            .Add(new Paragraph([
                new Run("Diff: "), new Run("removed words") { Strike = true, Color = XColor.FromArgb(0xB0, 0x20, 0x20), Highlight = XColor.FromArgb(0xFD, 0xE2, 0xE2) },
                new Run(" "), new Run("added words") { Color = XColor.FromArgb(0x1A, 0x7F, 0x37), Highlight = XColor.FromArgb(0xDC, 0xF5, 0xE3) },
            ]))
            .Add(new Heading(2, "Key facts"))
            .Add(Table.KeyValue([("Case", "Li v. Liu 李某诉刘某"), ("SHA-256", Hash), ("Created", "2025-03-14 09:26:53 UTC")]))
            .Add(new ListBlock([
                new ListItem("First prompt written by the author 作者撰写了第一条提示词"),
                new ListItem([new Paragraph("Second item with a nested list"), new ListBlock([new ListItem("nested one"), new ListItem("nested two")], Ordered: true)]),
            ]))
            .Add(new Quote([new Paragraph("A quoted note from the author, kept as written. 引用作者的说明。")]))
            .Add(new CodeBlock("{\n  \"prompt\": \"a girl at dusk, 黄昏\",\n  \"seed\": 42\n}"))
            .Add(new Heading(2, "Images"))
            .Add(new ImageBlock(Png("05-final.png"), 200, 160) { Caption = "Final image 最终图像" })
            .Add(new ThumbnailRow([new Thumbnail(Png("01-a.png"), "01-a"), new Thumbnail(Png("01-b.png"), "01-b 选中", Selected: true), new Thumbnail(Png("02-a.png"), "02-a")]))
            .Add(new QrBlock("https://example.org/verify/" + Hash, 72) { Caption = "Verify online" })
            .Add(new PageBreak())
            .Add(new Heading(1, "Runs"))
            .Add(new Heading(2, "Run table"))
            .Add(Table.Of([0.1, 0.3, 0.6], ["#", "Time", "Output hash"],
                Enumerable.Range(1, 120).Select(i => (IReadOnlyList<string>)[i.ToString(CultureInfo.InvariantCulture), $"2025-03-{1 + i % 28:00} 10:{i % 60:00}", i % 10 == 0 ? Hash : $"run {i} 第{i}次生成"])))
            .Add(new KeepTogether([new Heading(3, "Exhibit CL-000003"), new ImageBlock(Png("03-a.png"), 300, 300), new Paragraph("The exhibit and its note stay together.")]) { Stamp = "CL-000003" });
        extra?.Invoke(doc);
        return doc;
    }
}
