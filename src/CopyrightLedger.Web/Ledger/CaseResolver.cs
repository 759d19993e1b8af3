using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// Finds the case a changed row belongs to, through the column that leads there (CaseId, or WorkId, IterationId,
/// SelectionId, ArtifactId), looking first at what the same save holds and then at the database.
/// </summary>
internal sealed class CaseResolver(LedgerDbContext db)
{
    private readonly Dictionary<Guid, Guid> _workCase = [];

    public async Task<Guid> CaseOfAsync(EntityEntry entry, CancellationToken ct)
    {
        Guid? Column(string name) => entry.Metadata.FindProperty(name) is { } p ? (Guid?)entry.Property(p.Name).CurrentValue : null;
        if (RowSnapshot.Table(entry.Metadata) == "Cases") return (Guid)entry.Property("Id").CurrentValue!;
        if (Column("CaseId") is { } caseId) return caseId;
        if (Column("WorkId") is { } workId) return await CaseOfWorkAsync(workId, ct);
        if (Column("IterationId") is { } iterationId)
            return await CaseOfWorkAsync(Tracked<Iteration>(i => i.Id == iterationId)?.WorkId
                ?? await db.Iterations.AsNoTracking().Where(i => i.Id == iterationId).Select(i => i.WorkId).SingleAsync(ct), ct);
        if (Column("SelectionId") is { } selectionId)
            return await CaseOfWorkAsync(Tracked<Selection>(x => x.Id == selectionId)?.WorkId
                ?? await db.Selections.AsNoTracking().Where(x => x.Id == selectionId).Select(x => x.WorkId).SingleAsync(ct), ct);
        if (Column("ArtifactId") is { } artifactId)
            return Tracked<Artifact>(a => a.Id == artifactId)?.CaseId
                   ?? await db.Artifacts.AsNoTracking().Where(a => a.Id == artifactId).Select(a => a.CaseId).SingleAsync(ct);
        throw new InvalidOperationException($"No case for a row of {RowSnapshot.Table(entry.Metadata)}.");
    }

    private async Task<Guid> CaseOfWorkAsync(Guid workId, CancellationToken ct)
    {
        if (_workCase.TryGetValue(workId, out var known)) return known;
        var caseId = Tracked<Work>(w => w.Id == workId)?.CaseId
                     ?? await db.Works.AsNoTracking().Where(w => w.Id == workId).Select(w => w.CaseId).SingleAsync(ct);
        return _workCase[workId] = caseId;
    }

    private T? Tracked<T>(Func<T, bool> match) where T : class =>
        db.ChangeTracker.Entries<T>().Select(e => e.Entity).FirstOrDefault(match);
}
