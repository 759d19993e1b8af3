using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>Per-user tokens for the ingest API (only the SHA-256 of each secret is stored).</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261130160000_AddApiTokens")]
public sealed class AddApiTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "ApiTokens" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_ApiTokens" PRIMARY KEY,
                "UserId" TEXT NOT NULL,
                "Name" TEXT NOT NULL,
                "SecretHash" TEXT NOT NULL,
                "CreatedAtUtc" TEXT NOT NULL,
                "LastUsedAtUtc" TEXT NULL,
                "RevokedAtUtc" TEXT NULL,
                CONSTRAINT "FK_ApiTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
            );
            """);
        migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ApiTokens_SecretHash" ON "ApiTokens" ("SecretHash");""");
        migrationBuilder.Sql("""CREATE INDEX "IX_ApiTokens_UserId" ON "ApiTokens" ("UserId");""");
    }
}
