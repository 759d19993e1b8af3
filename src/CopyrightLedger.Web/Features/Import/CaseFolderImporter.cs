using System.Text;
using CopyrightLedger.Core;
using CopyrightLedger.Core.CaseFolders;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Reads a case folder (docs/CASE-FOLDER.md) wherever it comes in: seeded, <c>ledger import</c> with or without
/// <c>--case</c>, the Import tab's folder or zip. Its files are imported by <see cref="BulkImporter"/> (kept byte for
/// byte, runs and lineage read from their metadata), then the selections, edits, finals, inputs and notes the record
/// describes. All records are saved in one transaction, or none of them; what the importer does not use is reported.
/// </summary>
public sealed class CaseFolderImporter(IDbContextFactory<LedgerDbContext> dbs, BulkImporter files, TimeProvider clock)
{
    /// <summary>The files of a case folder that are its record, read as such and not kept as evidence files.</summary>
    private static bool IsRecord(string relative) =>
        relative is "case.json" or "generate.json" || (relative.StartsWith("notes/", StringComparison.Ordinal) && relative.EndsWith(".md", StringComparison.Ordinal) && relative.Count(c => c == '/') == 1);

    /// <summary>
    /// Where the case folder of an import folder is: the folder itself, or (a zip's own folder, a zip holding one top
    /// folder) down through folders that are the only folder of their parent, two levels at most; null when none holds
    /// a <c>case.json</c>.
    /// </summary>
    public static string? FindRoot(string folder)
    {
        if (!Directory.Exists(folder)) return null; // the importer says so
        for (var (dir, depth) = (folder, 0); depth <= 2; depth++)
        {
            if (File.Exists(Path.Combine(dir, "case.json"))) return dir;
            var subfolders = Directory.GetDirectories(dir);
            if (subfolders.Length != 1) return null;
            dir = subfolders[0];
        }
        return null;
    }

    /// <summary>A case folder as a new case of its own with the id given (seeding, <c>ledger import FOLDER</c>).</summary>
    /// <param name="actor">Who the ledger names for the import; by default the owner, under the folder's creator's name (the samples).</param>
    public async Task<Guid> ImportAsync(string folder, Guid caseId, string ownerUserId, CancellationToken ct = default, (string Id, string Name)? actor = null)
    {
        var root = FindRoot(folder) ?? throw new DomainException($"{folder}: no case.json.");
        await ImportAsync(folder, root, null, (db, manifest) =>
        {
            var theCase = new Case(caseId, manifest.Title, manifest.Jurisdiction, UtcTime.Now(clock));
            theCase.Describe(manifest.Description);
            theCase.AddMember(ownerUserId, CaseRole.Owner);
            db.Cases.Add(theCase);
            var work = NewWork(manifest, caseId, null);
            db.Works.Add(work);
            return Task.FromResult((caseId, work.Id));
        }, actor is { } who ? (who.Id, who.Name) : (ownerUserId, null), ct: ct);
        return caseId;
    }

    /// <summary>
    /// Imports the case folder at <paramref name="root"/> (within <paramref name="folder"/>, whose other files are
    /// imported as plain evidence files) into the case and work <paramref name="target"/> finds or adds under the write
    /// lock. An existing case keeps its own title, jurisdiction and description; the report says so.
    /// </summary>
    /// <param name="importedBy">Who the ledger names (user id, display name; the record's creator when the name is null).</param>
    public async Task<ImportSummary> ImportAsync(string folder, string root, Guid? quotaCase,
        Func<LedgerDbContext, CaseManifest, Task<(Guid CaseId, Guid WorkId)>> target, (string Id, string? Name) importedBy,
        Jobs.IJobProgress? progress = null, IReadOnlyList<string>? refusedBefore = null, CancellationToken ct = default)
    {
        var prefix = Path.GetRelativePath(folder, root).Replace('\\', '/') is var r && r == "." ? "" : r + "/";
        var manifest = CaseManifest.Parse(await File.ReadAllTextAsync(Path.Combine(root, "case.json"), ct));
        var report = new List<string>(refusedBefore ?? []);
        if (File.Exists(Path.Combine(root, "generate.json")))
            report.Add($"{prefix}generate.json: says how the project's sample generator draws the images; not evidence, not imported.");
        var notes = Directory.Exists(Path.Combine(root, "notes"))
            ? Directory.EnumerateFiles(Path.Combine(root, "notes"), "*.md").Order(StringComparer.Ordinal)
                .Select(p => $"{prefix}notes/{Path.GetFileName(p)}" is var source ? (Source: source, Note: NoteFile.Parse(File.ReadAllText(p, Encoding.UTF8), source)) : default).ToList()
            : [];

        var prepared = await files.PrepareAsync(folder, name => !(name.StartsWith(prefix, StringComparison.Ordinal) && IsRecord(name[prefix.Length..])), progress, ct, quotaCase);
        var now = UtcTime.Now(clock);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var write = await db.BeginWriteAsync(ct);
        var (caseId, workId) = await target(db, manifest);
        var (artifacts, summary) = await files.RecordIntoAsync(db, prepared, caseId, workId, ct);
        if (db.Entry(await db.Cases.FindAsync([caseId], ct) ?? throw new DomainException("No such case.")).State != EntityState.Added)
            report.Add($"{prefix}case.json: imported into an existing case, which keeps its own title, jurisdiction and description (the folder's title is '{manifest.Title}').");

        var byName = new Dictionary<string, Artifact>(StringComparer.Ordinal);
        for (var i = 0; i < artifacts.Length; i++) byName[prepared.Plan.Files[i].Path] = artifacts[i];
        foreach (var (path, sameAs) in prepared.Plan.Duplicates) byName[path] = artifacts[sameAs];
        Artifact Named(string name) => byName.TryGetValue(prefix + name, out var a) ? a : throw new DomainException($"{prefix}case.json names '{name}', which is not in the folder.");

        foreach (var e in manifest.Edits) Named(e.To).ChangeRole(ArtifactRole.Edited);
        foreach (var f in manifest.Finals) Named(f).ChangeRole(ArtifactRole.Final);
        foreach (var f in manifest.Inputs) Named(f).ChangeRole(ArtifactRole.Input);
        foreach (var sel in manifest.Selections)
        {
            var chosen = Named(sel.File);
            if (await db.Selections.AnyAsync(s => s.WorkId == workId && s.ChosenArtifactId == chosen.Id, ct)) { report.Add($"{prefix}case.json: the selection of {sel.File} was recorded before."); continue; }
            var candidates = sel.Candidates?.Select(c => Named(c).Id).ToList()
                ?? artifacts.Where(a => a.IterationId is not null && a.IterationId == chosen.IterationId).Select(a => a.Id).ToList();
            db.Selections.Add(new Selection(NewId(), workId, chosen.Id, candidates, sel.Rationale ?? "", manifest.Creator ?? "", now));
        }
        foreach (var e in manifest.Edits)
        {
            var (from, to) = (Named(e.From).Id, Named(e.To).Id);
            if (await db.HumanEdits.AnyAsync(h => h.FromArtifactId == from && h.ToArtifactId == to, ct)) { report.Add($"{prefix}case.json: the edit from {e.From} to {e.To} was recorded before."); continue; }
            var edit = new HumanEdit(NewId(), workId, from, to, e.Tool ?? "", CaseManifest.ParseEditKind(e.Kind), e.Description ?? "", now);
            edit.Record(e.Minutes, null);
            db.HumanEdits.Add(edit);
        }
        foreach (var (source, n) in notes)
        {
            if (await db.Notes.AnyAsync(x => x.WorkId == workId && x.Kind == n.Kind && x.Markdown == n.Markdown, ct)) { report.Add($"{prefix}notes: a {n.Kind} note was recorded before."); continue; }
            var note = new Note(NewId(), caseId, workId, n.Kind, n.Markdown, n.Author ?? manifest.Creator ?? "", n.At, now);
            foreach (var f in n.Files)
                note.LinkFile(byName.TryGetValue(prefix + f, out var a) ? a.Id : throw new DomainException($"{source} names '{f}', which is not in the folder."));
            db.Notes.Add(note);
        }
        db.Record(importedBy.Id, importedBy.Name ?? manifest.Creator ?? importedBy.Id, "case-folder.import");
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return summary with { Flags = [.. report, .. summary.Flags] };
    }

    /// <summary>The work a case folder describes, in <paramref name="caseId"/>; titled <paramref name="title"/> when given.</summary>
    public Work NewWork(CaseManifest manifest, Guid caseId, string? title)
    {
        var w = manifest.Work ?? new CaseManifest.WorkEntry(manifest.Title);
        return new Work(NewId(), caseId, title ?? w.Title, CaseManifest.ParseMedium(w.Medium), w.ClaimedAuthors ?? manifest.Creator ?? "", UtcTime.Now(clock));
    }

    private Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());
}
