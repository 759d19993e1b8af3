using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>What an audit of one case's chain found.</summary>
public sealed record ChainReport(string Chain, int Events, string? LastHash, IReadOnlyList<string> ChainProblems, IReadOnlyList<string> RowProblems)
{
    public bool Intact => ChainProblems.Count == 0 && RowProblems.Count == 0;
}

/// <summary>
/// Checks a case's chain (every hash, link and sequence number) and replays its events into rows, which must equal
/// the case's rows in the tables: a row changed, added or removed behind the ledger's back (say, by editing the
/// SQLite file) is named with what the ledger says it should be.
/// </summary>
public sealed class LedgerAudit(IDbContextFactory<LedgerDbContext> dbs)
{
    public async Task<ChainReport> CheckCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        var chain = LedgerChains.Of(caseId);
        List<LedgerEvent> events;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            events = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Sequence).ToListAsync(ct);
        var chainProblems = EventChain.Verify(events.Select(e => new ChainLink(e.Sequence, e.Json, e.Hash)));

        var replayed = Replay(events);
        List<LedgerRow> current;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            current = await CaseRows.LoadAsync(db, caseId, ct);
        var rowProblems = Compare(replayed, current.ToDictionary(r => r.Id, r => r.Values));
        return new ChainReport(chain, events.Count, events.LastOrDefault()?.Hash, chainProblems, rowProblems);
    }

    /// <summary>
    /// Checks the installation chain (sign-ins, account changes): every hash, link and sequence number. Its events
    /// carry data, not rows, so there is nothing to replay against the tables.
    /// </summary>
    public async Task<ChainReport> CheckInstallationAsync(CancellationToken ct = default)
    {
        List<LedgerEvent> events;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            events = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == LedgerChains.Installation).OrderBy(e => e.Sequence).ToListAsync(ct);
        var problems = EventChain.Verify(events.Select(e => new ChainLink(e.Sequence, e.Json, e.Hash)));
        return new ChainReport(LedgerChains.Installation, events.Count, events.LastOrDefault()?.Hash, problems, []);
    }

    /// <summary>The rows the events say the case holds: inserts and updates set a row's values, deletes remove it.</summary>
    public static Dictionary<string, JsonObject> Replay(IEnumerable<LedgerEvent> events)
    {
        var rows = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (JsonNode.Parse(e.Json)?["rows"] is not JsonArray list) continue;
            foreach (var row in list.OfType<JsonObject>())
            {
                var id = row["table"]!.GetValue<string>() + " " + CanonicalJson.Serialize(row["key"]);
                if (row["op"]!.GetValue<string>() == "delete") rows.Remove(id);
                else rows[id] = (JsonObject)row["values"]!.DeepClone();
            }
        }
        return rows;
    }

    private static List<string> Compare(Dictionary<string, JsonObject> ledger, Dictionary<string, JsonObject> tables)
    {
        var problems = new List<string>();
        foreach (var (id, values) in ledger.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!tables.TryGetValue(id, out var actual)) { problems.Add($"{id}: in the ledger, missing from the tables"); continue; }
            foreach (var column in values.Select(kv => kv.Key).Union(actual.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
            {
                var expected = CanonicalJson.Serialize(values[column]);
                var found = CanonicalJson.Serialize(actual[column]);
                if (expected != found) problems.Add($"{id}: {column} is {Short(found)} in the tables, {Short(expected)} in the ledger");
            }
        }
        foreach (var id in tables.Keys.Except(ledger.Keys).Order(StringComparer.Ordinal))
            problems.Add($"{id}: in the tables, never recorded in the ledger");
        return problems;
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
