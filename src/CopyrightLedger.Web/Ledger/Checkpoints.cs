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
    public async Task<int> CheckpointAllAsync(CancellationToken ct = default)
    {
        List<(string Chain, long Size)> chains;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var sizes = await db.LedgerEvents.GroupBy(e => e.Chain).Select(g => new { Chain = g.Key, Size = g.Max(e => e.Sequence) }).ToListAsync(ct);
            var signed = await db.LedgerCheckpoints.GroupBy(c => c.Chain).Select(g => new { Chain = g.Key, Size = g.Max(c => c.TreeSize) }).ToDictionaryAsync(x => x.Chain, x => x.Size, ct);
            chains = sizes.Where(s => !signed.TryGetValue(s.Chain, out var n) || n < s.Size).Select(s => (s.Chain, s.Size)).ToList();
        }
        foreach (var (chain, _) in chains) await CreateAsync(chain, ct);
        return chains.Count;
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

/// <summary>Signs a checkpoint of every grown chain on a schedule (<c>Ledger:CheckpointMinutes</c>, default 60).</summary>
public sealed class CheckpointScheduler(IServiceProvider services, Microsoft.Extensions.Options.IOptions<LedgerOptions> options, ILogger<CheckpointScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var every = TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckpointMinutes));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var signed = await scope.ServiceProvider.GetRequiredService<Checkpoints>().CheckpointAllAsync(stop);
                if (signed > 0) log.LogInformation("Signed {Count} checkpoint(s).", signed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled checkpoint failed; next try in {Minutes} minutes.", every.TotalMinutes);
            }
            try { await Task.Delay(every, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
