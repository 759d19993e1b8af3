using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>Signed Merkle checkpoints of the ledger's chains; append-only like the events.</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261130140000_AddLedgerCheckpoints")]
public sealed class AddLedgerCheckpoints : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "LedgerCheckpoints" (
                "Chain" TEXT NOT NULL,
                "TreeSize" INTEGER NOT NULL,
                "RootHash" TEXT NOT NULL,
                "AtUtc" TEXT NOT NULL,
                "Body" TEXT NOT NULL,
                "Signature" TEXT NOT NULL,
                "KeyId" TEXT NOT NULL,
                CONSTRAINT "PK_LedgerCheckpoints" PRIMARY KEY ("Chain", "TreeSize")
            );
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerCheckpoints_NoUpdate" BEFORE UPDATE ON "LedgerCheckpoints"
            BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerCheckpoints_NoDelete" BEFORE DELETE ON "LedgerCheckpoints"
            BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
            """);
    }
}
