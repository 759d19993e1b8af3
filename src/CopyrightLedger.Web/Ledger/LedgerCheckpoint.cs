using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// A signed statement that a chain had <see cref="TreeSize"/> events whose Merkle root (RFC 9162) is
/// <see cref="RootHash"/>. <see cref="Body"/> is the exact text that was signed (docs/LEDGER.md shows its lines).
/// </summary>
public sealed class LedgerCheckpoint
{
    private LedgerCheckpoint() { Chain = ""; RootHash = ""; Body = ""; Signature = ""; KeyId = ""; }

    public LedgerCheckpoint(string chain, long treeSize, string rootHash, DateTime atUtc, string body, string signature, string keyId)
    {
        Chain = chain;
        TreeSize = treeSize;
        RootHash = rootHash;
        AtUtc = atUtc;
        Body = body;
        Signature = signature;
        KeyId = keyId;
    }

    public string Chain { get; private set; }
    public long TreeSize { get; private set; }
    public string RootHash { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Body { get; private set; }
    /// <summary>Base64 of the DER ECDSA signature over the UTF-8 bytes of <see cref="Body"/>.</summary>
    public string Signature { get; private set; }
    public string KeyId { get; private set; }

    public static string FormatBody(string chain, long size, string rootHex, DateTime atUtc, string keyId) =>
        "CopyrightLedger checkpoint v1\n" +
        $"chain {chain}\n" +
        $"size {size.ToString(CultureInfo.InvariantCulture)}\n" +
        $"root {rootHex}\n" +
        $"time {atUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\n" +
        $"key {keyId}\n";
}

internal sealed class LedgerCheckpointConfiguration : IEntityTypeConfiguration<LedgerCheckpoint>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpoint> b)
    {
        b.ToTable("LedgerCheckpoints");
        b.HasKey(c => new { c.Chain, c.TreeSize });
        b.Property(c => c.Chain).HasMaxLength(36);
        b.Property(c => c.RootHash).HasMaxLength(64).IsFixedLength();
        b.Property(c => c.KeyId).HasMaxLength(16);
    }
}
