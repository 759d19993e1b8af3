using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Hashing;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Web.Features.Assessment;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Ledger;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// The assessment on case folders with real images, imported into a real SQLite installation (docs/ASSESSMENT.md): every
/// image format the dossier's difference decodes is measured, a missing or undecodable file is a counter-indicator of
/// F7, not a failed assessment; a selection note on the chosen file gives the selection its reason.
/// </summary>
public sealed class EvidenceAssessmentTests : IDisposable
{
    private readonly LedgerFactory _app = new(seedSamples: false);
    private readonly TempDir _files = new();

    public void Dispose()
    {
        _app.Dispose();
        _files.Dispose();
    }

    /// <summary>A 100 x 100 grey picture; with <paramref name="paintedRows"/> rows from the top painted red.</summary>
    private static byte[] Png(int paintedRows)
    {
        var rgb = new byte[100 * 100 * 3];
        Array.Fill(rgb, (byte)128);
        for (var i = 0; i < paintedRows * 100; i++) (rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]) = (230, 20, 20);
        return PngEncoder.Encode(100, 100, rgb, []);
    }

    private static void Convert(string png, string target) =>
        Assert.Equal(0, Tools.Run("ffmpeg", ["-v", "error", "-y", "-i", png, "-q:v", "2", target]).Exit);

    /// <summary>Writes a case folder whose one edit goes from <paramref name="from"/> to <paramref name="to"/>, imports it, and assesses it.</summary>
    private async Task<(FactorResult F7, Guid CaseId)> ImportAndAssessAsync(string name, Action<string> writeImages, string from, string to, Action<Guid>? beforeAssessing = null)
    {
        var (factors, caseId) = await ImportAndAssessAsync(name, writeImages, $$"""
            "edits": [ { "from": "images/{{from}}", "to": "images/{{to}}", "tool": "Photoshop", "kind": "paint-over", "minutes": 30 } ],
            "finals": ["images/{{to}}"]
            """, new Dictionary<string, string>(), beforeAssessing);
        return (factors.Single(f => f.Id == "F7"), caseId);
    }

    /// <summary>Writes a case folder (images, case.json's members after the title, notes by file name), imports it, and assesses it under cn-bic.</summary>
    private async Task<(IReadOnlyList<FactorResult> Factors, Guid CaseId)> ImportAndAssessAsync(string name, Action<string> writeImages, string manifest,
        IReadOnlyDictionary<string, string> notes, Action<Guid>? beforeAssessing = null)
    {
        var folder = Path.Combine(_files.Path, name);
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "notes"));
        writeImages(Path.Combine(folder, "images"));
        File.WriteAllText(Path.Combine(folder, "case.json"), $$"""{ "title": "{{name}}", "creator": "Li", {{manifest}} }""");
        foreach (var (file, text) in notes) File.WriteAllText(Path.Combine(folder, "notes", file), text);
        string owner;
        await using (var db = _app.Db()) owner = await db.Users.Select(u => u.Id).FirstAsync();
        var caseId = Guid.NewGuid();
        await _app.Service<CaseFolderImporter>().ImportAsync(folder, caseId, owner);
        beforeAssessing?.Invoke(caseId);
        Guid workId;
        await using (var db = _app.Db()) workId = await db.Works.Where(w => w.CaseId == caseId).Select(w => w.Id).SingleAsync();
        var facts = await _app.Service<WorkFactsBuilder>().BuildAsync(workId);
        var profile = Profile.LoadFolder(Path.Combine(Repo.Root, "profiles")).Single(p => p.Id == "cn-bic");
        return (Assessor.Assess(facts, profile).Factors, caseId);
    }

    private string BlobOf(Guid caseId, string file)
    {
        using var db = _app.Db();
        var sha = db.Artifacts.Where(a => a.CaseId == caseId && a.OriginalFileName.EndsWith(file)).Select(a => a.Sha256).Single();
        return _app.Service<BlobStore>().PathOf(Sha256Hex.Parse(sha));
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    public async Task An_edit_between_two_images_of_a_format_the_dossier_decodes_is_measured_on_its_pixels(string format)
    {
        var (f7, _) = await ImportAndAssessAsync(format, dir =>
        {
            File.WriteAllBytes(Path.Combine(dir, "a.png"), Png(0));
            File.WriteAllBytes(Path.Combine(dir, "b.png"), Png(30));
            Convert(Path.Combine(dir, "a.png"), Path.Combine(dir, $"01-before.{format}"));
            Convert(Path.Combine(dir, "b.png"), Path.Combine(dir, $"02-after.{format}"));
            File.Delete(Path.Combine(dir, "a.png"));
            File.Delete(Path.Combine(dir, "b.png"));
        }, $"01-before.{format}", $"02-after.{format}");
        Assert.Equal(3, f7.Score); // a paint-over of 30 % of the image (unmeasured, it would count 2 by its kind)
        Assert.Contains(f7.Evidence, e => e.En.Contains("% of the image")); // lossy encoding moves the edges a little
        Assert.Empty(f7.CounterIndicators);
    }

    [Fact]
    public async Task A_file_missing_from_the_store_is_a_counter_indicator_not_a_failed_assessment()
    {
        var (f7, _) = await ImportAndAssessAsync("missing", dir =>
        {
            File.WriteAllBytes(Path.Combine(dir, "01-before.png"), Png(0));
            File.WriteAllBytes(Path.Combine(dir, "02-after.png"), Png(30));
        }, "01-before.png", "02-after.png", caseId => File.Delete(BlobOf(caseId, "02-after.png")));
        Assert.Equal(2, f7.Score); // counted by its kind only
        Assert.Contains(f7.CounterIndicators, c => c.En.Contains("02-after.png") && c.En.Contains("missing"));
        Assert.Contains("could not be measured", f7.Explanation.En);
    }

    [Fact]
    public async Task An_undecodable_image_is_a_counter_indicator_that_names_it()
    {
        var (f7, _) = await ImportAndAssessAsync("broken", dir =>
        {
            File.WriteAllBytes(Path.Combine(dir, "01-before.png"), Png(0));
            File.WriteAllBytes(Path.Combine(dir, "02-after.png"), Png(30)[..200]); // cut off inside its pixel data
        }, "01-before.png", "02-after.png");
        Assert.Equal(2, f7.Score);
        Assert.Contains(f7.CounterIndicators, c => c.En.Contains("02-after.png") && c.En.Contains("could not be decoded"));
        Assert.Contains(f7.CounterIndicators, c => c.Text.Zh.Contains("02-after.png"));
    }

    private const string Reason = "The light falls on the face from the left, as the brief asks.";

    private static string SelectionNote(string file) => $"""
        ---
        kind: selection
        at: 2023-02-24T20:40:00+08:00
        files: [images/{file}]
        ---
        {Reason}
        """;

    [Theory]
    [InlineData("b.png", 2)] // the note is on the chosen file: the choice has its reason
    [InlineData("a.png", 1)] // on a reject: it says nothing of why b was chosen
    public async Task A_selection_note_on_the_chosen_file_gives_the_choice_its_reason(string noteOn, int f6)
    {
        var (factors, caseId) = await ImportAndAssessAsync("sel-" + noteOn, dir =>
        {
            foreach (var (file, rows) in new[] { ("a.png", 10), ("b.png", 20), ("c.png", 30) }) File.WriteAllBytes(Path.Combine(dir, file), Png(rows));
        }, """
            "selections": [ { "file": "images/b.png", "candidates": ["images/a.png", "images/b.png", "images/c.png"] } ],
            "finals": ["images/b.png"]
            """, new Dictionary<string, string> { ["01-selection.md"] = SelectionNote(noteOn) });
        var selection = factors.Single(f => f.Id == "F6");
        Assert.Equal(f6, selection.Score);
        Assert.Equal(f6 == 2, selection.Evidence.Any(e => e.En.Contains(Reason)));
        var audit = await _app.Service<LedgerAudit>().CheckCaseAsync(caseId); // the note's links are evidence rows like any other
        Assert.True(audit.Intact, string.Join("; ", audit.ChainProblems.Concat(audit.RowProblems)));
    }
}
