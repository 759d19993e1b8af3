using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>
/// The append-only ledger (docs/decisions/0009). The triggers make the database itself refuse to change or remove
/// an event, whatever program opens the file; a correction is a new event.
/// </summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261130130000_AddLedgerEvents")]
public sealed class AddLedgerEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "LedgerEvents" (
                "Chain" TEXT NOT NULL,
                "Sequence" INTEGER NOT NULL,
                "Action" TEXT NOT NULL,
                "AtUtc" TEXT NOT NULL,
                "Json" TEXT NOT NULL,
                "Hash" TEXT NOT NULL,
                CONSTRAINT "PK_LedgerEvents" PRIMARY KEY ("Chain", "Sequence")
            );
            """);
        migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_LedgerEvents_Hash" ON "LedgerEvents" ("Hash");""");
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerEvents_NoUpdate" BEFORE UPDATE ON "LedgerEvents"
            BEGIN SELECT RAISE(ABORT, 'ledger events are append-only: record a correction as a new event'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "LedgerEvents_NoDelete" BEFORE DELETE ON "LedgerEvents"
            BEGIN SELECT RAISE(ABORT, 'ledger events are append-only: record a correction as a new event'); END;
            """);
    }
}
