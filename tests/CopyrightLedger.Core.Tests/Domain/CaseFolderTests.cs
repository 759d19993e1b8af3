using CopyrightLedger.Core.CaseFolders;
using CopyrightLedger.Core.Evidence;

namespace CopyrightLedger.Core.Tests.Domain;

public sealed class CaseFolderTests
{
    [Fact]
    public void A_note_reads_its_front_matter_and_keeps_the_offset()
    {
        var n = NoteFile.Parse("---\nkind: brief\nat: 2023-02-24T18:30:00+08:00\nauthor: Li\nfiles: [images/a.png, \"images/b.png\"]\n---\n# Brief\n\ntext\n", "brief.md");
        Assert.Equal(NoteKind.Brief, n.Kind);
        Assert.Equal(480, n.At.OffsetMinutes);
        Assert.Equal(new DateTime(2023, 2, 24, 10, 30, 0, DateTimeKind.Utc), n.At.Utc);
        Assert.Equal(["images/a.png", "images/b.png"], n.Files);
        Assert.Equal("Li", n.Author);
        Assert.StartsWith("# Brief", n.Markdown);
    }

    [Theory]
    [InlineData("no front matter", "front matter")]
    [InlineData("---\nkind: brief\nat: 2023-02-24T18:30:00+08:00\n", "not closed")]
    [InlineData("---\nkind: diary\nat: 2023-02-24T18:30:00+08:00\n---\ntext", "'kind'")]
    [InlineData("---\nkind: brief\nat: 2023-02-24 18:30\n---\ntext", "'at'")]
    [InlineData("---\nkind: brief\nat: 2023-02-24T18:30:00+08:00\n---\n\n", "no text")]
    public void A_bad_note_is_refused_with_a_message_naming_the_file_and_the_problem(string text, string fragment)
    {
        var e = Assert.Throws<DomainException>(() => NoteFile.Parse(text, "notes/x.md"));
        Assert.Contains("notes/x.md", e.Message);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void A_manifest_is_read_with_its_selections_and_edits()
    {
        var m = CaseManifest.Parse("""
            { "title": "T", "jurisdiction": "us-usco", "creator": "Li",
              "work": { "title": "W", "medium": "video" },
              "selections": [ { "file": "a.png", "rationale": "r" } ],
              "edits": [ { "from": "a.png", "to": "b.png", "tool": "PS", "kind": "paint-over", "description": "d" } ],
              "finals": ["b.png"] }
            """);
        Assert.Equal("us-usco", m.Jurisdiction);
        Assert.Equal(Medium.Video, CaseManifest.ParseMedium(m.Work!.Medium));
        Assert.Equal(EditKind.PaintOver, CaseManifest.ParseEditKind(m.Edits[0].Kind));
        Assert.Equal("a.png", m.Selections[0].File);
    }

    [Theory]
    [InlineData("{ \"jurisdiction\": \"cn-bic\" }", "title")]
    [InlineData("{ \"title\": \"T\", \"jurisdiction\": \"xx\" }", "xx")]
    [InlineData("{ \"title\": \"T\", \"edits\": [ { \"from\": \"a\", \"to\": \"b\", \"kind\": \"glitter\" } ] }", "glitter")]
    [InlineData("{ \"title\": \"T\", \"selection\": [] }", "selection")]
    [InlineData("{ \"title\": ", "case.json")]
    public void A_bad_manifest_is_refused_with_a_clear_message(string json, string fragment)
    {
        var e = Assert.Throws<DomainException>(() => CaseManifest.Parse(json));
        Assert.Contains(fragment, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
