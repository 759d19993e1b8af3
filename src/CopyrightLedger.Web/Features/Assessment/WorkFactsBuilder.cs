using System.Text.Json;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Ledger;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Assessment;

/// <summary>
/// Gathers what the assessment of a work reads, from the records and the ledger only. Edits between two images are
/// measured on their pixels (<see cref="ImageDiff"/>), decoded as the dossier decodes them (<see cref="PixelSource.TryLoad"/>);
/// other edits count by their kind, and a file that is missing or undecodable is named as such.
/// </summary>
public sealed class WorkFactsBuilder(IDbContextFactory<LedgerDbContext> dbs, LedgerAudit audit, BlobStore blobs)
{
    public async Task<WorkFacts> BuildAsync(Guid workId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await db.Works.AsNoTracking().SingleAsync(w => w.Id == workId, ct);
        var iterations = await db.Iterations.AsNoTracking().Include(i => i.Parents).Where(i => i.WorkId == workId).OrderBy(i => i.Sequence).ToListAsync(ct);
        var sequenceOf = iterations.ToDictionary(i => i.Id, i => i.Sequence);
        var runs = iterations.Select(i => IterationFacts.Of(i,
            i.Parents.Select(p => sequenceOf.GetValueOrDefault(p.ParentIterationId)).FirstOrDefault(s => s > 0) is var parent and > 0 ? parent : null)).ToList();
        var generation = new GenerationTimes(iterations.Select(i => i.ClaimedAtUtc).Where(t => t is not null).Min(), iterations.Select(i => (DateTime?)i.CapturedAtUtc).Min());

        var noteRows = await db.Notes.AsNoTracking().Include(n => n.Files).Where(n => n.CaseId == work.CaseId && (n.WorkId == null || n.WorkId == workId)).ToListAsync(ct);
        var notes = noteRows.Select(n => new NoteFacts(n.Kind.ToString(), n.WrittenAtUtc, n.CapturedAtUtc, n.Markdown.Length, n.Markdown)).ToList();
        // A selection note linked to the chosen file states the choice's reason as well as the selection's own rationale.
        string NoteReason(Guid chosen) => string.Join("\n\n", noteRows.Where(n => n.Kind == NoteKind.Selection && n.Files.Any(f => f.ArtifactId == chosen)).Select(n => n.Markdown.Trim()));
        var selections = (await db.Selections.AsNoTracking().Include(s => s.Candidates).Where(s => s.WorkId == workId).ToListAsync(ct))
            .Select(s => new SelectionFacts(Math.Max(1, s.Candidates.Count), s.Rationale, NoteReason(s.ChosenArtifactId))).ToList();
        var artifacts = await db.Artifacts.AsNoTracking().Include(a => a.Chunks).Where(a => a.CaseId == work.CaseId).ToListAsync(ct);
        var byId = artifacts.ToDictionary(a => a.Id);
        var editRows = await db.HumanEdits.AsNoTracking().Where(e => e.WorkId == workId).ToListAsync(ct);
        var edits = editRows.Select(e => Measure(e, byId)).ToList();

        var report = await audit.CheckCaseAsync(work.CaseId, ct);
        var chain = LedgerChains.Of(work.CaseId);
        var checkpointed = await db.LedgerCheckpoints.AnyAsync(c => c.Chain == chain, ct);
        var stamped = await db.LedgerTimestamps.AnyAsync(t => t.Chain == chain, ct);
        var workArtifacts = artifacts.Where(a => a.WorkId == workId).ToList();
        var timed = workArtifacts.Select(a => (a.ClaimedAtUtc, a.CapturedAtUtc)).Concat(iterations.Select(i => (i.ClaimedAtUtc, i.CapturedAtUtc))).ToList();
        var late = timed.Count(t => LateCapture.Is(t.ClaimedAtUtc, t.CapturedAtUtc));
        var integrity = new IntegrityFacts(report.Intact, report.Events, checkpointed, stamped, timed.Count, late, workArtifacts.Count(a => a.IterationId is not null));

        var actors = (await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain && !LedgerActions.Issuing.Contains(e.Action)).Select(e => e.Json).ToListAsync(ct))
            .Select(j => JsonDocument.Parse(j).RootElement.GetProperty("actor").GetProperty("id").GetString()).Where(a => a is not null and not "system").Distinct().Count();
        var finals = workArtifacts.Where(a => a.Role == ArtifactRole.Final).ToList();
        var provenance = new ProvenanceFacts(
            OwnInputs: workArtifacts.Count(a => a.Role == ArtifactRole.Input && a.IterationId is null),
            OwnTexts: workArtifacts.Count(a => a.Role == ArtifactRole.Input && a.IterationId is null && a.MediaType.StartsWith("text/", StringComparison.Ordinal)),
            Actors: actors,
            AiLabelKept: finals.Any(a => a.Chunks.Any(c => c.Key is "c2pa" or "XML:com.adobe.xmp")),
            SignedAtPublication: editRows.Any(e => e.Kind == EditKind.Text && finals.Any(f => f.Id == e.ToArtifactId)));
        return new WorkFacts(work.Title, runs, generation, notes, selections, edits, integrity, provenance, Similarity(finals, artifacts));
    }

    /// <summary>The finals against the case's reference images (prior works, the other side's images), by perceptual hash.</summary>
    private static SimilarityFacts Similarity(List<Artifact> finals, List<Artifact> artifacts)
    {
        static ulong? Hash(Artifact a) => ulong.TryParse(a.PerceptualHash, System.Globalization.NumberStyles.HexNumber, null, out var h) ? h : null;
        var references = artifacts.Where(a => a.Role == ArtifactRole.Reference).Select(Hash).OfType<ulong>().ToList();
        var mine = finals.Select(Hash).OfType<ulong>().ToList();
        if (references.Count == 0 || mine.Count == 0) return SimilarityFacts.None;
        return new SimilarityFacts(references.Count, mine.SelectMany(f => references.Select(r => PerceptualHash.Distance(f, r))).Min());
    }

    private EditFacts Measure(HumanEdit e, Dictionary<Guid, Artifact> byId)
    {
        if (!byId.TryGetValue(e.FromArtifactId, out var from) || !byId.TryGetValue(e.ToArtifactId, out var to))
            return new EditFacts(e.Kind.ToString(), e.Tool, null, null, e.MinutesSpent);
        var loads = new[] { from, to }.Select(a => (Artifact: a, Load: PixelSource.TryLoad(blobs.PathOf(Core.Hashing.Sha256Hex.Parse(a.Sha256)), a.MediaType))).ToList();
        var unreadable = loads.Where(l => l.Load.Problem is not null)
            .Select(l => new UnreadableFile(l.Artifact.OriginalFileName, l.Load.Problem == PixelProblem.Missing)).ToList();
        if (loads[0].Load.Image is not { } before || loads[1].Load.Image is not { } after)
            return new EditFacts(e.Kind.ToString(), e.Tool, null, null, e.MinutesSpent, unreadable); // measured by kind only
        var diff = ImageDiff.Compare(before, after);
        return new EditFacts(e.Kind.ToString(), e.Tool, diff.ChangedShare, diff.Regions.Count, e.MinutesSpent);
    }
}
