using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>One evidence row as the ledger sees it: table, primary key and all values.</summary>
public sealed record LedgerRow(string Table, JsonObject Key, JsonObject Values)
{
    public string Id => Table + " " + CanonicalJson.Serialize(Key);
}

/// <summary>Every evidence row of a case as it stands in the tables now, in the ledger's own JSON form.</summary>
public static class CaseRows
{
    public static async Task<List<LedgerRow>> LoadAsync(LedgerDbContext db, Guid caseId, CancellationToken ct)
    {
        var workIds = await db.Works.AsNoTracking().Where(w => w.CaseId == caseId).Select(w => w.Id).ToListAsync(ct);
        var entities = new List<object>();
        entities.AddRange(await db.Cases.Include(c => c.Members).Where(c => c.Id == caseId).ToListAsync(ct));
        entities.AddRange(await db.Works.Where(w => w.CaseId == caseId).ToListAsync(ct));
        entities.AddRange(await db.Iterations.Include(i => i.Parents).Include(i => i.Inputs).AsSplitQuery().Where(i => workIds.Contains(i.WorkId)).ToListAsync(ct));
        entities.AddRange(await db.Artifacts.Include(a => a.Chunks).Where(a => a.CaseId == caseId).ToListAsync(ct));
        entities.AddRange(await db.Selections.Include(s => s.Candidates).Where(s => workIds.Contains(s.WorkId)).ToListAsync(ct));
        entities.AddRange(await db.HumanEdits.Where(e => workIds.Contains(e.WorkId)).ToListAsync(ct));
        entities.AddRange(await db.Notes.Include(n => n.Files).Where(n => n.CaseId == caseId).ToListAsync(ct));
        // The loaded graphs are tracked, so their owned rows (members, links, chunks, candidates) are entries too.
        return db.ChangeTracker.Entries()
            .Where(e => RowSnapshot.EvidenceTables.Contains(RowSnapshot.Table(e.Metadata)))
            .Select(e => new LedgerRow(RowSnapshot.Table(e.Metadata), RowSnapshot.Key(e), RowSnapshot.Values(e)))
            .ToList();
    }
}
