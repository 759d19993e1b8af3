using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>The files a note is about (a case folder note's <c>files</c>), so a selection note on the chosen file gives the choice its reason.</summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261202150000_AddNoteArtifacts")]
public sealed class AddNoteArtifacts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "NoteArtifacts" (
                "NoteId" TEXT NOT NULL,
                "ArtifactId" TEXT NOT NULL,
                CONSTRAINT "PK_NoteArtifacts" PRIMARY KEY ("NoteId", "ArtifactId"),
                CONSTRAINT "FK_NoteArtifacts_Artifacts_ArtifactId" FOREIGN KEY ("ArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
                CONSTRAINT "FK_NoteArtifacts_Notes_NoteId" FOREIGN KEY ("NoteId") REFERENCES "Notes" ("Id") ON DELETE CASCADE
            );
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_NoteArtifacts_ArtifactId" ON "NoteArtifacts" ("ArtifactId");""");
    }
}
