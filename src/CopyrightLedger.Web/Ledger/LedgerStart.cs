using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// Gives every case that has no chain yet (it was recorded before the ledger existed) a first event holding all of
/// its rows, action <c>ledger.start</c>, so the chain covers the whole case from then on. The event says plainly
/// that the rows before it were not chained when they were made.
/// </summary>
public static class LedgerStart
{
    public const string Action = "ledger.start";

    public static async Task<int> EnsureChainsAsync(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock, CancellationToken ct)
    {
        List<Guid> unchained;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var chained = await db.LedgerEvents.Select(e => e.Chain).Distinct().ToListAsync(ct);
            unchained = (await db.Cases.Select(c => c.Id).ToListAsync(ct)).Where(id => !chained.Contains(LedgerChains.Of(id))).ToList();
        }
        foreach (var caseId in unchained)
        {
            List<LedgerRow> rows;
            await using (var db = await dbs.CreateDbContextAsync(ct)) rows = await CaseRows.LoadAsync(db, caseId, ct);
            var chain = LedgerChains.Of(caseId);
            var at = clock.GetUtcNow().UtcDateTime;
            var json = CanonicalJson.Serialize(LedgerEventJson.Build(chain, 1, EventChain.Genesis, at, ("system", "CopyrightLedger"), Action,
                rows.Select(r => (r, "insert"))));
            await using var write = await dbs.CreateDbContextAsync(ct);
            write.LedgerEvents.Add(new LedgerEvent(chain, 1, Action, at, json, EventChain.Hash(json)));
            await write.SaveChangesAsync(ct);
        }
        return unchained.Count;
    }
}
