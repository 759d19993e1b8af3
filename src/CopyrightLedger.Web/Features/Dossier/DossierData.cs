using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Assessment;
using CopyrightLedger.Web.Ledger;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>An original file as an exhibit: its number (<c>CL-000001</c>…) in the dossier and its record.</summary>
public sealed record Exhibit(string Number, Artifact Artifact);

/// <summary>
/// The state of the case's chain the dossier describes: every event up to the last one that is not an issuing one
/// (<see cref="LedgerActions.Issuing"/>: a bundle or a dossier does not change the evidence, so a dossier can be
/// rendered again and compared), the oldest checkpoint that covers it, and the RFC 3161 replies up to that checkpoint.
/// </summary>
public sealed record LedgerState(string Chain, long Size, string HeadHash, DateTime LastEventUtc, LedgerCheckpoint? Checkpoint,
    IReadOnlyList<LedgerTimestamp> Timestamps, string PublicKeyPem, string KeyFingerprint)
{
    /// <summary>The key as checkpoint texts name it: the first 16 hex digits of its fingerprint.</summary>
    public string KeyId => KeyFingerprint[..16];
}

/// <summary>Everything a dossier shows, read once; the composer reads nothing else (no clock, no database).</summary>
public sealed record DossierData(
    Case Case,
    IReadOnlyList<(string Name, CaseRole Role)> Members,
    Work Work,
    IReadOnlyList<Iteration> Iterations,
    IReadOnlyList<Exhibit> Exhibits,
    IReadOnlyList<Selection> Selections,
    IReadOnlyList<HumanEdit> Edits,
    IReadOnlyList<Note> Notes,
    AssessmentView Assessment,
    LedgerState Ledger,
    Func<Artifact, string> PathOf)
{
    public Exhibit? ExhibitOf(Guid artifactId) => Exhibits.FirstOrDefault(e => e.Artifact.Id == artifactId);
}

/// <summary>Reads a work's dossier data; the caller has checked that the actor may read the case.</summary>
public sealed class DossierSource(IDbContextFactory<LedgerDbContext> dbs, AssessmentService assessments, BlobStore blobs, SigningKey key)
{
    public async Task<DossierData> LoadAsync(Guid workId, CancellationToken ct = default)
    {
        var assessment = await assessments.BuildAsync(workId, null, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await db.Works.AsNoTracking().SingleAsync(w => w.Id == workId, ct);
        var theCase = await db.Cases.AsNoTracking().Include(c => c.Members).SingleAsync(c => c.Id == work.CaseId, ct);
        var userIds = theCase.Members.Select(m => m.UserId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.NameToShow, ct);
        var members = theCase.Members.Select(m => (names.GetValueOrDefault(m.UserId, m.UserId), m.Role)).OrderBy(m => m.Role).ThenBy(m => m.Item1, StringComparer.Ordinal).ToList();

        var iterations = await db.Iterations.AsNoTracking().Include(i => i.Parents).Where(i => i.WorkId == workId).OrderBy(i => i.Sequence).ToListAsync(ct);
        var sequenceOf = iterations.ToDictionary(i => i.Id, i => i.Sequence);
        var artifacts = (await db.Artifacts.AsNoTracking().Include(a => a.Chunks).Where(a => a.WorkId == workId).ToListAsync(ct))
            .OrderBy(a => a.IterationId is { } it ? sequenceOf.GetValueOrDefault(it) : int.MaxValue)
            .ThenBy(a => a.OriginalFileName, StringComparer.Ordinal).ThenBy(a => a.Sha256, StringComparer.Ordinal).ToList();
        var exhibits = artifacts.Select((a, i) => new Exhibit($"CL-{i + 1:000000}", a)).ToList();
        var selections = await db.Selections.AsNoTracking().Include(s => s.Candidates).Where(s => s.WorkId == workId).OrderBy(s => s.SelectedAtUtc).ToListAsync(ct);
        // In the order they were made: by the time stated for the edit, else the time its result claims (its file's metadata);
        // and never before the edit that made the file it starts from.
        var byId = artifacts.ToDictionary(a => a.Id);
        var edits = InCausalOrder((await db.HumanEdits.AsNoTracking().Where(e => e.WorkId == workId).ToListAsync(ct))
            .OrderBy(e => e.PerformedAtUtc ?? byId.GetValueOrDefault(e.ToArtifactId)?.ClaimedAtUtc ?? e.CapturedAtUtc).ThenBy(e => e.Id).ToList());
        var notes = await db.Notes.AsNoTracking().Where(n => n.CaseId == work.CaseId && (n.WorkId == null || n.WorkId == workId)).OrderBy(n => n.WrittenAtUtc).ToListAsync(ct);

        var chain = LedgerChains.Of(work.CaseId);
        var last = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain && !LedgerActions.Issuing.Contains(e.Action)).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("The case has no ledger events yet.");
        var checkpoint = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.Chain == chain && c.TreeSize >= last.Sequence).OrderBy(c => c.TreeSize).FirstOrDefaultAsync(ct);
        var stamps = await db.LedgerTimestamps.AsNoTracking().Where(t => t.Chain == chain && t.TreeSize <= (checkpoint == null ? last.Sequence : checkpoint.TreeSize))
            .OrderBy(t => t.TreeSize).ToListAsync(ct);
        var state = new LedgerState(chain, last.Sequence, last.Hash, last.AtUtc, checkpoint, stamps, key.PublicKeyPem, key.Fingerprint);

        // The record as of that state: the dossier's own events are not counted among the chain's.
        var facts = assessment.Facts with { Integrity = assessment.Facts.Integrity with { Events = (int)last.Sequence } };
        var result = Assessor.Assess(facts, assessment.Profile);
        return new DossierData(theCase, members, work, iterations, exhibits, selections, edits, notes,
            assessment with { Facts = facts, Result = result }, state, a => blobs.PathOf(Core.Hashing.Sha256Hex.Parse(a.Sha256)));
    }

    private static List<HumanEdit> InCausalOrder(List<HumanEdit> byTime)
    {
        var result = new List<HumanEdit>(byTime.Count);
        while (byTime.Count > 0)
        {
            var next = byTime.FirstOrDefault(e => !byTime.Any(o => o != e && o.ToArtifactId == e.FromArtifactId)) ?? byTime[0]; // a cycle: keep time order
            result.Add(next);
            byTime.Remove(next);
        }
        return result;
    }
}
