using System.Text;
using CopyrightLedger.Core;
using CopyrightLedger.Core.CaseFolders;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Turns a case folder (docs/CASE-FOLDER.md) into a case: its files imported by <see cref="BulkImporter"/> (kept
/// byte for byte, runs and lineage read from their metadata), then the selections, edits and notes the manifest and
/// <c>notes/*.md</c> describe. All records are saved in one transaction, or none of them.
/// </summary>
public sealed class CaseFolderImporter(IDbContextFactory<LedgerDbContext> dbs, BulkImporter files, TimeProvider clock)
{
    /// <param name="actor">Who the ledger names for the import; by default the owner, under the folder's creator's name (the samples).</param>
    public async Task<Guid> ImportAsync(string folder, Guid caseId, string ownerUserId, CancellationToken ct = default, (string Id, string Name)? actor = null)
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

        // Everything but the folder's own description: case.json, generate.json and notes/ are not evidence files.
        var prepared = await files.PrepareAsync(folder, name => name is not ("case.json" or "generate.json") && !name.StartsWith("notes/", StringComparison.Ordinal), null, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Cases.Add(theCase);
        db.Works.Add(work);
        var (artifacts, _) = await files.RecordIntoAsync(db, prepared, caseId, work.Id, ct);
        var byName = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        for (var i = 0; i < artifacts.Length; i++) byName[prepared.Plan.Files[i].Path] = artifacts[i];
        foreach (var (path, sameAs) in prepared.Plan.Duplicates) byName[path] = artifacts[sameAs];
        Artifact Named(string name) => byName.TryGetValue(name, out var a) ? a : throw new DomainException($"case.json names '{name}', which is not in the folder.");

        foreach (var e in manifest.Edits) Named(e.To).ChangeRole(ArtifactRole.Edited);
        foreach (var f in manifest.Finals) Named(f).ChangeRole(ArtifactRole.Final);
        foreach (var f in manifest.Inputs) Named(f).ChangeRole(ArtifactRole.Input);
        foreach (var sel in manifest.Selections)
        {
            var chosen = Named(sel.File);
            var candidates = sel.Candidates?.Select(c => Named(c).Id).ToList()
                ?? artifacts.Where(a => a.IterationId is not null && a.IterationId == chosen.IterationId).Select(a => a.Id).ToList();
            db.Selections.Add(new Selection(NewId(), work.Id, chosen.Id, candidates, sel.Rationale ?? "", manifest.Creator ?? "", now));
        }
        foreach (var e in manifest.Edits)
        {
            var edit = new HumanEdit(NewId(), work.Id, Named(e.From).Id, Named(e.To).Id, e.Tool ?? "", CaseManifest.ParseEditKind(e.Kind), e.Description ?? "", now);
            edit.Record(e.Minutes, null);
            db.HumanEdits.Add(edit);
        }
        var notesDir = Path.Combine(folder, "notes");
        if (Directory.Exists(notesDir))
            foreach (var path in Directory.EnumerateFiles(notesDir, "*.md").Order(StringComparer.Ordinal))
            {
                var n = NoteFile.Parse(await File.ReadAllTextAsync(path, Encoding.UTF8, ct), "notes/" + Path.GetFileName(path));
                var note = new Note(NewId(), caseId, work.Id, n.Kind, n.Markdown, n.Author ?? manifest.Creator ?? "", n.At, now);
                foreach (var f in n.Files)
                    note.LinkFile(byName.TryGetValue(f, out var a) ? a.Id : throw new DomainException($"notes/{Path.GetFileName(path)} names '{f}', which is not in the folder."));
                db.Notes.Add(note);
            }
        var (actorId, actorName) = actor ?? (ownerUserId, manifest.Creator ?? ownerUserId);
        db.Record(actorId, actorName, "case-folder.import");
        await db.SaveChangesAsync(ct);
        return caseId;
    }

    private Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());
}
