using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>RFC 3161 time-stamps of checkpoints (append-only), and the retry time of jobs that wait for a service.</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261130150000_AddTimestamps")]
public sealed class AddTimestamps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "LedgerTimestamps" (
                "Chain" TEXT NOT NULL,
                "TreeSize" INTEGER NOT NULL,
                "Authority" TEXT NOT NULL,
                "Reply" BLOB NOT NULL,
                "GenTimeUtc" TEXT NOT NULL,
                "TsaName" TEXT NOT NULL,
                "ReceivedAtUtc" TEXT NOT NULL,
                CONSTRAINT "PK_LedgerTimestamps" PRIMARY KEY ("Chain", "TreeSize")
            );
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerTimestamps_NoUpdate" BEFORE UPDATE ON "LedgerTimestamps"
            BEGIN SELECT RAISE(ABORT, 'ledger time-stamps are append-only'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerTimestamps_NoDelete" BEFORE DELETE ON "LedgerTimestamps"
            BEGIN SELECT RAISE(ABORT, 'ledger time-stamps are append-only'); END;
            """);
        migrationBuilder.Sql("""ALTER TABLE "Jobs" ADD "NotBeforeUtc" TEXT NULL;""");
    }
}
