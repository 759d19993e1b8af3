using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>
/// The durable job table (docs/decisions/0004): background work that survives a reload and a restart; and each
/// artifact's perceptual hash, which the bulk importer computes from the decoded pixels.
/// </summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261130000000_AddJobsAndPerceptualHash")]
public sealed class AddJobsAndPerceptualHash : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "Jobs" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Jobs" PRIMARY KEY,
                "Kind" TEXT NOT NULL,
                "CaseId" TEXT NULL,
                "RequestedBy" TEXT NOT NULL,
                "Payload" TEXT NOT NULL,
                "Status" TEXT NOT NULL,
                "Done" INTEGER NOT NULL,
                "Total" INTEGER NOT NULL,
                "Message" TEXT NOT NULL,
                "Result" TEXT NULL,
                "Attempts" INTEGER NOT NULL,
                "CreatedAtUtc" TEXT NOT NULL,
                "StartedAtUtc" TEXT NULL,
                "FinishedAtUtc" TEXT NULL,
                "HeartbeatAtUtc" TEXT NULL
            );
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_Jobs_CaseId" ON "Jobs" ("CaseId");""");
        migrationBuilder.Sql("""CREATE INDEX "IX_Jobs_Status_CreatedAtUtc" ON "Jobs" ("Status", "CreatedAtUtc");""");
        migrationBuilder.Sql("""ALTER TABLE "Artifacts" ADD "PerceptualHash" TEXT NULL;""");
    }
}
