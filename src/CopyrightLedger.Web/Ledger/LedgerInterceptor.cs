using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// Appends one event per case to the ledger in the same transaction as every change of evidence rows: whatever
/// service saved them, nothing reaches an evidence table without its event. The event names the actor and action
/// the service set on the context (<see cref="LedgerDbContext.Record"/>), the time from <see cref="TimeProvider"/>,
/// every inserted, updated or deleted row with all its values, and the blobs the rows reference.
/// Appends are serialised within the process, and a save without a transaction of its own gets a write transaction
/// (<see cref="LedgerDbContext.BeginWriteAsync"/>) before the chain's head is read, so a save in another process
/// (a command-line import beside the app) waits instead of taking the same place in the chain.
/// </summary>
public sealed class LedgerInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is LedgerDbContext db) await AppendAsync(db, ct);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is LedgerDbContext db) AppendAsync(db, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        await EndAsync(eventData.Context, commit: true);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndAsync(eventData.Context, commit: true).GetAwaiter().GetResult();
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndAsync(eventData.Context, commit: false).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default) => EndAsync(eventData.Context, commit: false);

    public override void SaveChangesCanceled(DbContextEventData eventData) => EndAsync(eventData.Context, commit: false).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default) => EndAsync(eventData.Context, commit: false);

    /// <summary>Commits or rolls back the transaction this interceptor began, then lets the next save append.</summary>
    private static async Task EndAsync(DbContext? context, bool commit)
    {
        if (context is not LedgerDbContext db) return;
        try
        {
            if (db.LedgerTransaction is { } tx)
            {
                db.LedgerTransaction = null;
                try
                {
                    if (commit) await tx.CommitAsync();
                    else await tx.RollbackAsync();
                }
                finally { await tx.DisposeAsync(); }
            }
        }
        finally
        {
            if (db.HoldsLedgerGate)
            {
                db.HoldsLedgerGate = false;
                Gate.Release();
            }
        }
    }

    private async Task AppendAsync(LedgerDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => RowSnapshot.EvidenceTables.Contains(RowSnapshot.Table(e.Metadata)))
            .ToList();
        if (changed.Count == 0 && db.PendingLedgerEvents.Count == 0) return;

        var cases = new CaseResolver(db);
        var byChain = new SortedDictionary<string, List<EntityEntry>>(StringComparer.Ordinal);
        foreach (var entry in changed)
        {
            var chain = LedgerChains.Of(await cases.CaseOfAsync(entry, ct));
            if (!byChain.TryGetValue(chain, out var list)) byChain[chain] = list = [];
            list.Add(entry);
        }

        try
        {
            // SQLite's write lock first, the process's gate second, as a service that began its own write
            // transaction (a run numbered from the last) holds them: the other order let a save waiting for
            // the lock hold the gate that the lock's holder waited for, until the lock's 600 s ran out.
            if (db.Database.CurrentTransaction is null) db.LedgerTransaction = await db.BeginWriteAsync(ct);
            await Gate.WaitAsync(ct);
            db.HoldsLedgerGate = true;
            var at = clock.GetUtcNow().UtcDateTime;
            var heads = new Dictionary<string, (long Sequence, string Hash)>(StringComparer.Ordinal);
            foreach (var (chain, entries) in byChain) Append(db, chain, at, await HeadAsync(db, heads, chain, ct), Event(db, entries), heads);
            foreach (var (chain, data) in db.PendingLedgerEvents)
                Append(db, chain, at, await HeadAsync(db, heads, chain, ct), (LedgerEventJson.NoRows, data), heads);
            db.PendingLedgerEvents.Clear();
        }
        catch
        {
            await EndAsync(db, commit: false); // EF reports no failure for an exception thrown before it saves
            throw;
        }
    }

    /// <summary>The last event of a chain: from this save if it already appended to it, else from the database.</summary>
    private static async Task<(long Sequence, string Hash)> HeadAsync(LedgerDbContext db, Dictionary<string, (long, string)> heads, string chain, CancellationToken ct)
    {
        if (heads.TryGetValue(chain, out var head)) return head;
        var last = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? (0, EventChain.Genesis) : (last.Sequence, last.Hash);
    }

    private static void Append(LedgerDbContext db, string chain, DateTime at, (long Sequence, string Hash) head,
        (IEnumerable<(LedgerRow Row, string Op)> Rows, JsonObject? Data) content, Dictionary<string, (long, string)> heads)
    {
        var seq = head.Sequence + 1;
        var json = CanonicalJson.Serialize(LedgerEventJson.Build(chain, seq, head.Hash, at, db.LedgerActor, db.LedgerAction, content.Rows, content.Data));
        var hash = EventChain.Hash(json);
        db.LedgerEvents.Add(new LedgerEvent(chain, seq, db.LedgerAction, at, json, hash));
        heads[chain] = (seq, hash);
    }

    private static (IEnumerable<(LedgerRow Row, string Op)> Rows, JsonObject? Data) Event(LedgerDbContext db, List<EntityEntry> entries) =>
        (entries.Select(e => (
            Row: new LedgerRow(RowSnapshot.Table(e.Metadata), RowSnapshot.Key(e), e.State == EntityState.Deleted ? [] : RowSnapshot.Values(e)),
            Op: e.State switch { EntityState.Added => "insert", EntityState.Modified => "update", _ => "delete" })).ToList(), null);
}
