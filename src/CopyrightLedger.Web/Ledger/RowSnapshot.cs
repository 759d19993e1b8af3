using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// A row of an evidence table as JSON: every column by its name, with the value as stored (enums as their names,
/// times as ISO 8601 UTC, bytes as base64). Events carry these, and the audit turns today's rows into the same form,
/// so replaying the events and reading the tables must give identical JSON.
/// </summary>
public static class RowSnapshot
{
    /// <summary>The tables whose rows are evidence; accounts and jobs are not in the ledger.</summary>
    public static readonly IReadOnlySet<string> EvidenceTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "Cases", "CaseMembers", "Works", "Iterations", "IterationParents", "IterationInputs", "Artifacts",
        "MetadataChunks", "Selections", "SelectionCandidates", "HumanEdits", "Notes", "NoteArtifacts",
    };

    public static string Table(IEntityType type) => type.GetTableName() ?? type.ClrType.Name;

    public static JsonObject Values(EntityEntry entry)
    {
        var o = new JsonObject();
        foreach (var p in entry.Properties.OrderBy(p => p.Metadata.GetColumnName(), StringComparer.Ordinal))
            o[p.Metadata.GetColumnName()] = Node(p.CurrentValue);
        return o;
    }

    public static JsonObject Key(EntityEntry entry)
    {
        var o = new JsonObject();
        foreach (var p in entry.Metadata.FindPrimaryKey()!.Properties)
            o[p.GetColumnName()] = Node(entry.Property(p.Name).CurrentValue);
        return o;
    }

    public static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => s,
        Guid g => g.ToString("D"),
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b,
        int i => i,
        long l => l,
        short sh => sh,
        double x when double.IsFinite(x) => x,
        double x => x.ToString(CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
