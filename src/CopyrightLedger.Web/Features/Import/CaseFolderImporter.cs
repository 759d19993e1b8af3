using System.Text;
using CopyrightLedger.Core;
using CopyrightLedger.Core.CaseFolders;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Generation;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Turns a case folder (docs/CASE-FOLDER.md) into a case: every file kept byte for byte, PNG generation metadata read
/// into iterations (outputs that differ only by seed form one batch of candidates), then the selections, edits and
/// notes the manifest and <c>notes/*.md</c> describe. All of it is saved in one transaction, or none of it.
/// </summary>
public sealed class CaseFolderImporter(IDbContextFactory<LedgerDbContext> dbs, BlobStore blobs, ArtifactService artifacts, TimeProvider clock)
{
    public async Task<Guid> ImportAsync(string folder, Guid caseId, string ownerUserId, CancellationToken ct = default)
    {
        var manifestPath = Path.Combine(folder, "case.json");
        if (!File.Exists(manifestPath)) throw new DomainException($"{folder}: no case.json.");
        var manifest = CaseManifest.Parse(await File.ReadAllTextAsync(manifestPath, ct));
        var now = UtcTime.Now(clock);

        var theCase = new Case(caseId, manifest.Title, manifest.Jurisdiction, now);
        theCase.Describe(manifest.Description);
        theCase.AddMember(ownerUserId, CaseRole.Owner);
        var w = manifest.Work ?? new CaseManifest.WorkEntry(manifest.Title);
        var work = new Work(NewId(), caseId, w.Title, CaseManifest.ParseMedium(w.Medium), w.ClaimedAuthors ?? manifest.Creator ?? "", now);

        // Files, in name order; names are relative to the folder with '/' separators, as the manifest writes them.
        var byName = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => f != "case.json" && !f.StartsWith("notes/", StringComparison.Ordinal) && f != "generate.json" && !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var name in files)
        {
            await using var s = File.OpenRead(Path.Combine(folder, name));
            var stored = await blobs.PutAsync(s, null, ct);
            var role = manifest.Finals.Contains(name) ? ArtifactRole.Final
                : manifest.Edits.Any(e => e.To == name) ? ArtifactRole.Edited : ArtifactRole.Output;
            var (artifact, _) = await artifacts.DescribeAsync(caseId, work.Id, role, Path.GetFileName(name), stored, now, ct);
            if (byName.Values.All(a => a.Sha256 != artifact.Sha256)) byName[name] = artifact;
        }

        var iterations = GroupIterations(work.Id, byName.Values, now);
        Artifact Named(string name) => byName.TryGetValue(name, out var a) ? a : throw new DomainException($"case.json names '{name}', which is not in the folder.");

        var selections = manifest.Selections.Select(sel =>
        {
            var chosen = Named(sel.File);
            var candidates = sel.Candidates?.Select(c => Named(c).Id).ToList()
                ?? byName.Values.Where(a => a.IterationId is not null && a.IterationId == chosen.IterationId).Select(a => a.Id).ToList();
            return new Selection(NewId(), work.Id, chosen.Id, candidates, sel.Rationale ?? "", manifest.Creator ?? "", now);
        }).ToList();
        var edits = manifest.Edits.Select(e =>
        {
            var edit = new HumanEdit(NewId(), work.Id, Named(e.From).Id, Named(e.To).Id, e.Tool ?? "", CaseManifest.ParseEditKind(e.Kind), e.Description ?? "", now);
            edit.Record(e.Minutes, null);
            return edit;
        }).ToList();
        var notes = new List<Note>();
        var notesDir = Path.Combine(folder, "notes");
        if (Directory.Exists(notesDir))
            foreach (var path in Directory.EnumerateFiles(notesDir, "*.md").Order(StringComparer.Ordinal))
            {
                var n = NoteFile.Parse(await File.ReadAllTextAsync(path, Encoding.UTF8, ct), "notes/" + Path.GetFileName(path));
                notes.Add(new Note(NewId(), caseId, work.Id, n.Kind, n.Markdown, n.Author ?? manifest.Creator ?? "", n.At, now));
            }

        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Cases.Add(theCase);
        db.Works.Add(work);
        db.Artifacts.AddRange(byName.Values);
        db.Iterations.AddRange(iterations);
        db.Selections.AddRange(selections);
        db.HumanEdits.AddRange(edits);
        db.Notes.AddRange(notes);
        await db.SaveChangesAsync(ct);
        return caseId;
    }

    /// <summary>
    /// One iteration per generation: consecutive outputs whose metadata is identical except for the seed (and batch
    /// position) and whose seeds follow each other are one batch (A1111 writes seed, seed+1, ... for a batch). The
    /// same settings with an unrelated seed are a re-roll, a new iteration. Files without generation metadata stay
    /// outside iterations.
    /// </summary>
    internal List<Iteration> GroupIterations(Guid workId, IEnumerable<Artifact> files, DateTime now)
    {
        var result = new List<Iteration>();
        string? lastKey = null;
        ulong? lastSeed = null;
        foreach (var a in files)
        {
            var chunk = a.Chunks.FirstOrDefault(c => c.Key == "parameters");
            if (chunk is null) { lastKey = null; lastSeed = null; continue; }
            var info = A1111Infotext.Parse(DecodeText(chunk));
            var key = info.Prompt + "\u0000" + info.NegativePrompt + "\u0000" +
                      string.Join("\u0000", info.Parameters.Where(p => p.Key is not ("Seed" or "Batch pos")).Select(p => p.Key + "=" + p.Value));
            ulong? seed = ulong.TryParse(info.Get("Seed"), System.Globalization.CultureInfo.InvariantCulture, out var sv) ? sv : null;
            var sameBatch = key == lastKey && seed is not null && lastSeed is not null && seed == lastSeed + 1;
            lastSeed = seed;
            if (!sameBatch)
            {
                var it = new Iteration(NewId(), workId, result.Count + 1, info.Generator, info.Prompt, now);
                it.SetTool(info.Generator, info.Get("Version"), info.Get("Model"), info.Get("Model hash"));
                it.Describe(info.Prompt, info.NegativePrompt, info.ParametersLine);
                it.SetParameters(info.ToSettings());
                it.SetClaimedTime(a.ClaimedAt);
                result.Add(it);
                lastKey = key;
            }
            a.AssignTo(workId, result[^1].Id);
        }
        return result;
    }

    /// <summary>tEXt is Latin-1, iTXt is UTF-8 after its header; the chunk reader already split the header off.</summary>
    private static string DecodeText(MetadataChunk chunk) =>
        Core.Imaging.PngFile.DecodeTextChunk(chunk.Container["png:".Length..], chunk.Data).Text;

    private Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());
}
