using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CopyrightLedger.Web.Features.Dossier.Layout;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

public sealed class PdfRendererTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Write(byte[] pdf, string name = "doc.pdf")
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, pdf);
        return path;
    }

    [Fact]
    public void The_sample_renders_to_a_clean_pdf_with_its_text_and_footer()
    {
        var path = Write(PdfRenderer.Render(SampleDocument.Build()));
        var (exit, check) = Poppler.Run("qpdf", "--check", path);
        Assert.True(exit == 0, check);
        Assert.DoesNotContain("WARNING", check);
        var text = Poppler.Text(path);
        Assert.Contains("黄昏时分的少女", text);
        Assert.Contains("本卷宗记录了作品", text);
        foreach (var heading in new[] { "Evidence dossier", "Summary 摘要", "Key facts", "Images", "Runs", "Run table", "Exhibit CL-000003" })
            Assert.Contains(heading, text);
        Assert.Contains($"Page 2 of {Poppler.Pages(path)}", text);
    }

    [Fact]
    public void A_long_table_breaks_across_pages_with_its_header_row_on_each()
    {
        var path = Write(PdfRenderer.Render(SampleDocument.Build()));
        var pages = Enumerable.Range(1, Poppler.Pages(path)).Select(p => (Number: p, Text: Poppler.Text(path, p))).ToList();
        var first = pages.First(p => p.Text.Contains("run 1 第1次生成")).Number;
        var last = pages.First(p => p.Text.Contains("run 119 第119次生成")).Number;
        Assert.True(last - first >= 2, $"The 120-row table spans pages {first}–{last}.");
        for (var p = first; p <= last; p++)
            Assert.Matches(@"#\s+Time\s+Output hash", pages[p - 1].Text);
    }

    [Fact]
    public void Headings_become_an_outline_nested_by_level_and_the_contents_show_their_pages()
    {
        var path = Write(PdfRenderer.Render(SampleDocument.Build()));
        var (exit, json) = Poppler.Run("qpdf", "--json", "--json-key=outlines", path);
        Assert.True(exit == 0, json);
        var outlines = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("outlines");
        Assert.Equal(["Evidence dossier", "Summary 摘要", "Runs"], Titles(outlines));
        var summary = outlines.EnumerateArray().Single(o => o.GetProperty("title").GetString() == "Summary 摘要");
        Assert.Equal(["Key facts", "Images"], Titles(summary.GetProperty("kids")));
        var runs = outlines.EnumerateArray().Single(o => o.GetProperty("title").GetString() == "Runs");
        Assert.Equal(["Exhibit CL-000003"], Titles(runs.GetProperty("kids")[0].GetProperty("kids")));
        // Each bookmark opens at its heading (XYZ, measured from the page's foot), not at the top of the page.
        var keyFacts = summary.GetProperty("kids")[0].GetProperty("dest");
        var summaryDest = summary.GetProperty("dest");
        Assert.Equal("/XYZ", keyFacts[1].GetString());
        Assert.True(keyFacts[3].GetDouble() < summaryDest[3].GetDouble(), "Key facts comes below Summary on the same page");
        Assert.InRange(keyFacts[3].GetDouble(), 60, 842 - 56);

        // The contents list each level-1/2 heading with the page it is on.
        var contents = Poppler.Text(path, 1);
        foreach (var heading in new[] { "Images", "Run table" })
        {
            var page = Enumerable.Range(1, Poppler.Pages(path)).First(p => Regex.IsMatch(Poppler.Text(path, p), $@"^\s*{heading}\s*$", RegexOptions.Multiline));
            Assert.Matches($@"{heading}\s*\.*\s*{page}\s*$", contents.Split('\n').First(l => l.TrimStart().StartsWith(heading, StringComparison.Ordinal)));
        }
    }

    private static string[] Titles(System.Text.Json.JsonElement list) => [.. list.EnumerateArray().Select(o => o.GetProperty("title").GetString() ?? "")];

    [Fact]
    public void The_footer_uses_the_callers_wording_and_the_stamp_marks_the_exhibit_page()
    {
        var doc = SampleDocument.Build();
        var chinese = new LayoutDocument(doc.Info, doc.CreationDate) { Page = doc.Page with { FooterFormat = "第 {0} 页，共 {1} 页" } }.AddRange(doc.Blocks);
        var path = Write(PdfRenderer.Render(chinese));
        var count = Poppler.Pages(path);
        Assert.Contains($"第 2 页，共 {count} 页", Poppler.Text(path, 2));
        var exhibit = Enumerable.Range(1, count).Single(p => Poppler.Text(path, p).Contains("The exhibit and its note stay together."));
        Assert.Contains("CL-000003", Poppler.Text(path, exhibit).Split('\n').Take(3).Aggregate((a, b) => a + b));
        Assert.All(Enumerable.Range(1, exhibit - 1), p => Assert.DoesNotContain("CL-000003", Poppler.Text(path, p)));
    }

    [Fact]
    public void Mixed_chinese_and_english_stays_on_one_line_in_reading_order()
    {
        var doc = new LayoutDocument(new DocumentInfo("Mixed"), SampleDocument.Created)
            .Add(new Paragraph("Prompt 提示词: a girl at dusk 黄昏时分的少女, seed 42。"));
        var text = Poppler.Text(Write(PdfRenderer.Render(doc)));
        Assert.Contains("Prompt 提示词: a girl at dusk 黄昏时分的少女, seed 42。", text);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(34)]
    [InlineData(38)]
    public void A_heading_is_never_left_at_the_foot_of_a_page_above_the_group_it_opens(int fillerLines)
    {
        var doc = new LayoutDocument(new DocumentInfo("keep"), SampleDocument.Created);
        for (var i = 0; i < fillerLines; i++) doc.Add(new Paragraph($"Filler line {i}."));
        doc.Add(new Heading(1, "Orphan check"))
            .Add(new KeepTogether([new Heading(2, "Grouped title"), new ImageBlock(SampleDocument.Png(), 300, 300), new Paragraph("Group end.")]));
        var path = Write(PdfRenderer.Render(doc));
        var page = Enumerable.Range(1, Poppler.Pages(path)).Single(p => Poppler.Text(path, p).Contains("Orphan check"));
        Assert.Contains("Grouped title", Poppler.Text(path, page));
        Assert.Contains("Group end.", Poppler.Text(path, page));
    }

    [Fact]
    public void A_64_character_hash_wraps_inside_its_column()
    {
        var doc = new LayoutDocument(new DocumentInfo("Hash"), SampleDocument.Created)
            .Add(Table.Of([0.25, 0.75], ["SHA-256", "Note"], [[SampleDocument.Hash, "the output file"]]));
        var path = Write(PdfRenderer.Render(doc));
        var (exit, html) = Poppler.Run("pdftotext", "-bbox", path, "-");
        Assert.True(exit == 0, html);
        var words = Regex.Matches(html, @"<word xMin=""([\d.]+)"" yMin=""[\d.]+"" xMax=""([\d.]+)"" yMax=""[\d.]+"">([^<]*)</word>")
            .Select(m => (XMax: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), Text: m.Groups[3].Value)).ToList();
        var pieces = words.Where(w => Regex.IsMatch(w.Text, "^[0-9a-f]{4,}$")).ToList();
        Assert.True(pieces.Count >= 2, "The hash is broken over lines.");
        Assert.Equal(SampleDocument.Hash, string.Concat(pieces.Select(p => p.Text)));
        var page = new PageSettings();
        Assert.All(pieces, p => Assert.True(p.XMax <= page.MarginLeft + 0.25 * page.BodyWidth, $"{p.Text} ends at {p.XMax}"));
    }

    [Fact]
    public void Two_renders_of_the_same_blocks_are_byte_identical()
    {
        static byte[] Render() => PdfRenderer.Render(SampleDocument.Build(d => d.AddEmbeddedFile("prompt.json", "{\"seed\":42}"u8.ToArray(), "application/json"), pdfA: true));
        var first = Render();
        Thread.Sleep(1100); // a second later, so anything read from the clock would show
        var second = Render();
        Assert.True(first.AsSpan().SequenceEqual(second), "Two renders differ.");
        var path = Write(first);
        var (_, info) = Poppler.Run("pdfinfo", path);
        Assert.Contains("CreationDate:    Fri Mar 14 09:26:53 2025 UTC", info);
        Assert.Contains("ModDate:         Fri Mar 14 09:26:53 2025 UTC", info);
    }

    [Fact]
    public void Attachments_are_listed_and_come_back_byte_for_byte()
    {
        var binary = new byte[70_000];
        new Random(7).NextBytes(binary);
        var png = SampleDocument.Png("05-final.png");
        var doc = SampleDocument.Build(d => d.AddEmbeddedFile("original.bin", binary).AddEmbeddedFile("05-final.png", png, "image/png", "Final output"));
        var path = Write(PdfRenderer.Render(doc));
        var (exit, list) = Poppler.Run("pdfdetach", "-list", path);
        Assert.True(exit == 0, list);
        Assert.Contains("original.bin", list);
        Assert.Contains("05-final.png", list);
        foreach (var (name, expected) in new[] { ("original.bin", binary), ("05-final.png", png) })
        {
            // pdfdetach numbers attachments in name-tree order: find this one's number in the listing.
            var number = Regex.Match(list, $@"(\d+): {Regex.Escape(name)}").Groups[1].Value;
            var saved = Path.Combine(_dir.Path, name);
            Assert.Equal(0, Poppler.Run("pdfdetach", "-save", number, "-o", saved, path).Exit);
            Assert.Equal(SHA256.HashData(expected), SHA256.HashData(File.ReadAllBytes(saved)));
        }
        Assert.Equal(0, Poppler.Run("qpdf", "--check", path).Exit);
    }

    [Fact]
    public void PdfA_declares_part_3b_with_an_sRGB_output_intent_and_associated_files()
    {
        var path = Write(PdfRenderer.Render(SampleDocument.Build(d => d.AddEmbeddedFile("a.txt", "evidence"u8.ToArray(), "text/plain"), pdfA: true)));
        var (exit, json) = Poppler.Run("qpdf", "--json", "--json-key=qpdf", path);
        Assert.True(exit == 0, json);
        var (_, meta) = Poppler.Run("pdfinfo", "-meta", path);
        Assert.Contains("<pdfaid:part>3</pdfaid:part>", meta);
        Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", meta);
        Assert.Contains("/OutputIntents", json);
        Assert.Contains("/GTS_PDFA1", json);
        Assert.Contains("\"/AF\"", json);
        Assert.Contains("/AFRelationship", json);
        Assert.Contains("\"/Subtype\": \"/text/plain\"", json);
        Assert.DoesNotContain("/StructTreeRoot", json);
        var (checkExit, check) = Poppler.Run("qpdf", "--check", path);
        Assert.True(checkExit == 0, check);
    }

    [Fact]
    public void A_missing_font_file_names_the_debian_package()
    {
        var dejaVu = Assert.Throws<FileNotFoundException>(() => new FontFiles(DejaVuDirectory: "/nonexistent/dejavu").Verify());
        Assert.Contains("fonts-dejavu-core", dejaVu.Message);
        Assert.Contains("/nonexistent/dejavu/DejaVuSans.ttf", dejaVu.Message);
        var droid = Assert.Throws<FileNotFoundException>(() => new FontFiles(CjkFallback: "/nonexistent/Droid.ttf").Verify());
        Assert.Contains("fonts-droid-fallback", droid.Message);
        var doc = new LayoutDocument(new DocumentInfo("x"), SampleDocument.Created) { Fonts = new FontFiles(CjkFallback: "/nonexistent/Droid.ttf") }.Add(new Paragraph("x"));
        Assert.Contains("fonts-droid-fallback", Assert.Throws<FileNotFoundException>(() => PdfRenderer.Render(doc)).Message);
    }

    public void Dispose() => _dir.Dispose();
}
