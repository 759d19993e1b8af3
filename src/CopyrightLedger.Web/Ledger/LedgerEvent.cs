using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// One link of a case's chain (docs/decisions/0009): the canonical JSON of what changed, by whom and when, with the
/// hash of the event before it. Rows are only ever inserted; SQLite triggers refuse UPDATE and DELETE.
/// </summary>
public sealed class LedgerEvent
{
    private LedgerEvent() { Chain = ""; Json = ""; Hash = ""; Action = ""; }

    public LedgerEvent(string chain, long sequence, string action, DateTime atUtc, string json, string hash)
    {
        Chain = chain;
        Sequence = sequence;
        Action = action;
        AtUtc = atUtc;
        Json = json;
        Hash = hash;
    }

    /// <summary>The case id, or <see cref="LedgerChains.Installation"/> for events of no case.</summary>
    public string Chain { get; private set; }
    public long Sequence { get; private set; }
    public string Action { get; private set; }
    public DateTime AtUtc { get; private set; }
    /// <summary>Exactly the bytes that were hashed (RFC 8785 canonical JSON, UTF-8).</summary>
    public string Json { get; private set; }
    public string Hash { get; private set; }
}

/// <summary>
/// Actions that issue the evidence (a bundle, a dossier) rather than change it: chained like every other event, but
/// neither part of the state a dossier describes nor a sign of who made the work.
/// </summary>
public static class LedgerActions
{
    public const string Export = "export";
    public const string Dossier = "dossier";
    public static readonly string[] Issuing = [Export, Dossier];
}

public static class LedgerChains
{
    public const string Installation = "installation";

    public static string Of(Guid caseId) => caseId.ToString("D");
}

internal sealed class LedgerEventConfiguration : IEntityTypeConfiguration<LedgerEvent>
{
    public void Configure(EntityTypeBuilder<LedgerEvent> b)
    {
        b.ToTable("LedgerEvents");
        b.HasKey(e => new { e.Chain, e.Sequence });
        b.Property(e => e.Chain).HasMaxLength(36);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(e => e.Hash).IsUnique();
    }
}
