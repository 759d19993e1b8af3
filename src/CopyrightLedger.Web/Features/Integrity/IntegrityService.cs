using System.Text.Json;
using CopyrightLedger.Core;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Integrity;

/// <summary>One item's two times: when the source says it was made, and when this installation received it.</summary>
public sealed record TimedItem(string Kind, string Name, SourceTime? ClaimedAt, DateTime CapturedAtUtc)
{
    /// <summary>Captured more than a day after its claimed time: it may have been reconstructed later.</summary>
    public bool CapturedLate => LateCapture.Is(ClaimedAt?.Utc, CapturedAtUtc);

    public TimeSpan? Gap => ClaimedAt is { } c ? CapturedAtUtc - c.Utc : null;
}

public sealed record EventLine(long Sequence, DateTime AtUtc, string Actor, string Action, int Rows, string Hash);

public sealed record IntegrityView(ChainReport Report, LedgerCheckpoint? Checkpoint, LedgerTimestamp? Timestamp, bool TimestampingConfigured,
    string PublicKeyPem, IReadOnlyList<EventLine> RecentEvents, IReadOnlyList<TimedItem> Items, bool CanSign);

/// <summary>
/// What the case page's Integrity tab shows: whether the chain holds and the tables match it, the last signed
/// checkpoint, the latest events, and every item's claimed time beside its captured time.
/// </summary>
public sealed class IntegrityService(IDbContextFactory<LedgerDbContext> dbs, LedgerAudit audit, Checkpoints checkpoints, SigningKey key,
    Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    public async Task<IntegrityView?> GetAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var role = await CaseService.RoleInAsync(db, actor, caseId, ct);
        if (role is null) return null;
        var report = await audit.CheckCaseAsync(caseId, ct);
        var chain = LedgerChains.Of(caseId);
        var events = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain).OrderByDescending(e => e.Sequence).Take(25).ToListAsync(ct);
        var items = await ItemsAsync(db, caseId, ct);
        var stamp = await db.LedgerTimestamps.AsNoTracking().Where(t => t.Chain == chain).OrderByDescending(t => t.TreeSize).FirstOrDefaultAsync(ct);
        return new IntegrityView(report, await Checkpoints.LatestAsync(db, chain, ct), stamp, !string.IsNullOrWhiteSpace(options.Value.Timestamping.Url),
            key.PublicKeyPem, events.Select(Line).ToList(), items, role != Core.Cases.CaseRole.Reviewer);
    }

    /// <summary>
    /// How many of the case's events no signed checkpoint covers yet, and whether <paramref name="actor"/> may sign
    /// one now (members who can write); null for a non-member.
    /// </summary>
    public async Task<(long Uncovered, bool CanSign)?> CoverageAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is not { } role) return null;
        return (await checkpoints.UncoveredAsync(LedgerChains.Of(caseId), ct), role != Core.Cases.CaseRole.Reviewer);
    }

    public async Task SignNowAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct)) await CaseService.RequireWriterAsync(db, actor, caseId, ct);
        await checkpoints.CreateAsync(LedgerChains.Of(caseId), ct);
    }

    private static EventLine Line(LedgerEvent e)
    {
        using var doc = JsonDocument.Parse(e.Json);
        var root = doc.RootElement;
        var actor = root.GetProperty("actor").GetProperty("name").GetString() ?? "";
        var rows = root.TryGetProperty("rows", out var r) ? r.GetArrayLength() : 0;
        return new EventLine(e.Sequence, e.AtUtc, actor, e.Action, rows, e.Hash);
    }

    private static async Task<List<TimedItem>> ItemsAsync(LedgerDbContext db, Guid caseId, CancellationToken ct)
    {
        var works = await db.Works.AsNoTracking().Where(w => w.CaseId == caseId).Select(w => w.Id).ToListAsync(ct);
        var items = new List<TimedItem>();
        items.AddRange((await db.Artifacts.AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(ct))
            .Select(a => new TimedItem("file", Shared.VisibleText.Shown(a.OriginalFileName), a.ClaimedAt, a.CapturedAtUtc)));
        items.AddRange((await db.Iterations.AsNoTracking().Where(i => works.Contains(i.WorkId)).ToListAsync(ct))
            .Select(i => new TimedItem("iteration", $"#{i.Sequence} {i.Generator}", i.ClaimedAt, i.CapturedAtUtc)));
        items.AddRange((await db.Notes.AsNoTracking().Where(n => n.CaseId == caseId).ToListAsync(ct))
            .Select(n => new TimedItem("note", n.Kind.ToString(), n.WrittenAt, n.CapturedAtUtc)));
        return items.OrderBy(i => i.ClaimedAt?.Utc ?? i.CapturedAtUtc).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
    }
}
