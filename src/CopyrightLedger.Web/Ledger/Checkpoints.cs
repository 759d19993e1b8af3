using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>An event's place in a signed checkpoint, with the path that proves it (RFC 9162 inclusion proof).</summary>
public sealed record InclusionProof(string Chain, long Sequence, string EventHash, long LeafIndex, LedgerCheckpoint Checkpoint, IReadOnlyList<string> Path);

/// <summary>
/// Signs checkpoints of a chain: the Merkle tree's leaves are the events' hashes in sequence order (leaf data = the
/// 32 bytes of the event's SHA-256), so proving one event needs its JSON, the path and the signed root, and nothing
/// of the other events.
/// </summary>
public sealed class Checkpoints(IDbContextFactory<LedgerDbContext> dbs, SigningKey key, TimeProvider clock, Jobs.JobQueue jobs,
    Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    /// <summary>A checkpoint of the chain as it stands; the latest one again when no event was added since.</summary>
    public async Task<LedgerCheckpoint?> CreateAsync(string chain, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var hashes = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Sequence).Select(e => e.Hash).ToListAsync(ct);
        if (hashes.Count == 0) return null;
        var latest = await LatestAsync(db, chain, ct);
        if (latest?.TreeSize == hashes.Count) return latest;
        var root = Convert.ToHexStringLower(MerkleTree.Root(Leaves(hashes)));
        var at = clock.GetUtcNow().UtcDateTime;
        var body = LedgerCheckpoint.FormatBody(chain, hashes.Count, root, at, key.KeyId);
        var checkpoint = new LedgerCheckpoint(chain, hashes.Count, root, at, body, Convert.ToBase64String(key.Sign(System.Text.Encoding.UTF8.GetBytes(body))), key.KeyId);
        db.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        // Every new checkpoint is sent for a trusted time-stamp when an authority is configured; the job keeps
        // retrying while the authority is unreachable.
        if (!string.IsNullOrWhiteSpace(options.Value.Timestamping.Url))
            await jobs.EnqueueSystemAsync(TimestampJob.JobKind, Guid.TryParse(chain, out var caseId) ? caseId : null,
                System.Text.Json.JsonSerializer.Serialize(new TimestampJob.Payload(chain, checkpoint.TreeSize), System.Text.Json.JsonSerializerOptions.Web), ct);
        return checkpoint;
    }

    /// <summary>Checkpoints every chain that grew since its last checkpoint; returns how many were signed.</summary>
    public Task<int> CheckpointAllAsync(CancellationToken ct = default) => CheckpointDueAsync(TimeSpan.Zero, ct);

    /// <summary>
    /// Checkpoints each chain that grew and either has no checkpoint yet (its first evidence is covered at the next
    /// look) or whose latest checkpoint is at least <paramref name="every"/> old; returns how many were signed.
    /// </summary>
    public async Task<int> CheckpointDueAsync(TimeSpan every, CancellationToken ct = default)
    {
        List<string> due;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var sizes = await db.LedgerEvents.GroupBy(e => e.Chain).Select(g => new { Chain = g.Key, Size = g.Max(e => e.Sequence) }).ToListAsync(ct);
            // Per chain in the query, not every checkpoint ever signed read each minute: the largest is the newest.
            var latest = await db.LedgerCheckpoints.GroupBy(c => c.Chain)
                .Select(g => new { Chain = g.Key, TreeSize = g.Max(c => c.TreeSize), AtUtc = g.Max(c => c.AtUtc) }).ToDictionaryAsync(c => c.Chain, ct);
            var before = clock.GetUtcNow().UtcDateTime - every;
            due = sizes.Where(s => !latest.TryGetValue(s.Chain, out var c) || (c.TreeSize < s.Size && c.AtUtc <= before)).Select(s => s.Chain).ToList();
        }
        foreach (var chain in due) await CreateAsync(chain, ct);
        return due.Count;
    }

    /// <summary>How many events of the chain its latest checkpoint does not cover yet (all of them when it has none).</summary>
    public async Task<long> UncoveredAsync(string chain, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var size = await db.LedgerEvents.Where(e => e.Chain == chain).MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        return size - ((await LatestAsync(db, chain, ct))?.TreeSize ?? 0);
    }

    /// <summary>The proof that event <paramref name="sequence"/> is in the chain's latest checkpoint, or null when it is not yet covered.</summary>
    public async Task<InclusionProof?> ProveAsync(string chain, long sequence, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var checkpoint = await LatestAsync(db, chain, ct);
        if (checkpoint is null || sequence < 1 || sequence > checkpoint.TreeSize) return null;
        var hashes = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain && e.Sequence <= checkpoint.TreeSize)
            .OrderBy(e => e.Sequence).Select(e => e.Hash).ToListAsync(ct);
        var path = MerkleTree.InclusionProof(Leaves(hashes), (int)(sequence - 1)).Select(Convert.ToHexStringLower).ToList();
        return new InclusionProof(chain, sequence, hashes[(int)(sequence - 1)], sequence - 1, checkpoint, path);
    }

    public static Task<LedgerCheckpoint?> LatestAsync(LedgerDbContext db, string chain, CancellationToken ct) =>
        db.LedgerCheckpoints.AsNoTracking().Where(c => c.Chain == chain).OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);

    public static List<byte[]> Leaves(IEnumerable<string> eventHashes) =>
        eventHashes.Select(h => MerkleTree.LeafHash(Convert.FromHexString(h))).ToList();
}

/// <summary>
/// Signs checkpoints on a schedule: a chain's first evidence at the next look (every <c>Ledger:CheckpointPollSeconds</c>,
/// default 60, the first a poll after start), and a grown chain again once its latest checkpoint is <c>Ledger:CheckpointMinutes</c> old (default 60),
/// so a new case is not left an hour without a signature and a busy one is not signed (and time-stamped) every minute.
/// Registered after the database initializer, so its first look finds the tables (docs/LEDGER.md, "Checkpoints").
/// </summary>
public sealed class CheckpointScheduler(IServiceProvider services, Microsoft.Extensions.Options.IOptions<LedgerOptions> options, TimeProvider clock,
    ILogger<CheckpointScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var every = TimeSpan.FromMinutes(options.Value.CheckpointMinutes);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CheckpointPollSeconds), clock);
        // The first look comes one interval after start: a test's short-lived app, or a dossier made in the first
        // seconds, is not raced by a checkpoint it did not ask for.
        while (await WaitAsync(timer, stop))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var signed = await scope.ServiceProvider.GetRequiredService<Checkpoints>().CheckpointDueAsync(every, stop);
                if (signed > 0) log.LogInformation("Signed {Count} checkpoint(s).", signed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled checkpoint failed; trying again in {Seconds} s.", options.Value.CheckpointPollSeconds);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try { return await timer.WaitForNextTickAsync(stop); }
        catch (OperationCanceledException) { return false; }
    }
}
