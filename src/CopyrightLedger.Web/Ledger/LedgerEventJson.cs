using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// The shape of an event, version 1 (docs/LEDGER.md): <c>v, chain, seq, prev, at, actor{id,name}, action,
/// rows[{table, op, key, values}], blobs[]</c>, and <c>data</c> for an event that changes no row. Rows are sorted by table and key so the same change always gives the
/// same bytes; <c>values</c> is null for a delete; <c>blobs</c> lists the SHA-256 of every file an inserted or
/// updated artifact row references.
/// </summary>
public static class LedgerEventJson
{
    public static readonly IReadOnlyList<(LedgerRow Row, string Op)> NoRows = [];

    /// <param name="data">For an event that changes no row (a sign-in): what it records; left out when null.</param>
    public static JsonObject Build(string chain, long seq, string prev, DateTime atUtc, (string Id, string Name) actor, string action,
        IEnumerable<(LedgerRow Row, string Op)> rows, JsonObject? data = null)
    {
        var sorted = rows.OrderBy(r => r.Row.Table, StringComparer.Ordinal).ThenBy(r => CanonicalJson.Serialize(r.Row.Key), StringComparer.Ordinal).ToList();
        var blobs = sorted.Where(r => r.Op != "delete" && r.Row.Table == "Artifacts")
            .Select(r => r.Row.Values["Sha256"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal);
        var e = new JsonObject
        {
            ["v"] = 1,
            ["chain"] = chain,
            ["seq"] = seq,
            ["prev"] = prev,
            ["at"] = RowSnapshot.Node(atUtc),
            ["actor"] = new JsonObject { ["id"] = actor.Id, ["name"] = actor.Name },
            ["action"] = action,
            ["rows"] = new JsonArray([.. sorted.Select(r => (JsonNode)new JsonObject
            {
                ["table"] = r.Row.Table,
                ["op"] = r.Op,
                ["key"] = r.Row.Key.DeepClone(),
                ["values"] = r.Op == "delete" ? null : r.Row.Values.DeepClone(),
            })]),
            ["blobs"] = new JsonArray([.. blobs.Select(b => (JsonNode)b)]),
        };
        if (data is not null) e["data"] = data.DeepClone();
        return e;
    }
}
