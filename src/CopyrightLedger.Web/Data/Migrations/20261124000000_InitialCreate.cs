using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>
/// The first schema: accounts (ASP.NET Core Identity) and the evidence model. The SQL is what
/// <c>./ledger schema-script</c> printed for the model at this point (see docs/decisions/0005).
/// </summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261124000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var statement in Schema.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            migrationBuilder.Sql(statement + ";");
    }

    private const string Schema = """
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "Cases" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Cases" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "Jurisdiction" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "DescriptionMarkdown" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CaseMembers" (
    "CaseId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    CONSTRAINT "PK_CaseMembers" PRIMARY KEY ("CaseId", "UserId"),
    CONSTRAINT "FK_CaseMembers_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CaseMembers_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Works" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Works" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Medium" TEXT NOT NULL,
    "ClaimedAuthors" TEXT NOT NULL,
    "CreatedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Works_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Iterations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Iterations" PRIMARY KEY,
    "WorkId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Generator" TEXT NOT NULL,
    "GeneratorVersion" TEXT NULL,
    "ModelName" TEXT NULL,
    "ModelHash" TEXT NULL,
    "Prompt" TEXT NOT NULL,
    "NegativePrompt" TEXT NOT NULL,
    "ParametersText" TEXT NOT NULL,
    "Seed" TEXT NULL,
    "Steps" INTEGER NULL,
    "CfgScale" REAL NULL,
    "Sampler" TEXT NULL,
    "Scheduler" TEXT NULL,
    "Width" INTEGER NULL,
    "Height" INTEGER NULL,
    "Denoise" REAL NULL,
    "ClaimedAtUtc" TEXT NULL,
    "ClaimedOffsetMinutes" INTEGER NULL,
    "CapturedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Iterations_Works_WorkId" FOREIGN KEY ("WorkId") REFERENCES "Works" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Notes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notes" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "WorkId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Markdown" TEXT NOT NULL,
    "Author" TEXT NOT NULL,
    "WrittenAtUtc" TEXT NOT NULL,
    "WrittenOffsetMinutes" INTEGER NULL,
    "CapturedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Notes_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Notes_Works_WorkId" FOREIGN KEY ("WorkId") REFERENCES "Works" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Artifacts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Artifacts" PRIMARY KEY,
    "CaseId" TEXT NOT NULL,
    "WorkId" TEXT NULL,
    "IterationId" TEXT NULL,
    "Sha256" TEXT NOT NULL,
    "MediaType" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Width" INTEGER NULL,
    "Height" INTEGER NULL,
    "OriginalFileName" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CapturedAtUtc" TEXT NOT NULL,
    "ClaimedAtUtc" TEXT NULL,
    "ClaimedOffsetMinutes" INTEGER NULL,
    CONSTRAINT "FK_Artifacts_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Artifacts_Iterations_IterationId" FOREIGN KEY ("IterationId") REFERENCES "Iterations" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Artifacts_Works_WorkId" FOREIGN KEY ("WorkId") REFERENCES "Works" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IterationParents" (
    "IterationId" TEXT NOT NULL,
    "ParentIterationId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    CONSTRAINT "PK_IterationParents" PRIMARY KEY ("IterationId", "ParentIterationId"),
    CONSTRAINT "FK_IterationParents_Iterations_IterationId" FOREIGN KEY ("IterationId") REFERENCES "Iterations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_IterationParents_Iterations_ParentIterationId" FOREIGN KEY ("ParentIterationId") REFERENCES "Iterations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "HumanEdits" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_HumanEdits" PRIMARY KEY,
    "WorkId" TEXT NOT NULL,
    "FromArtifactId" TEXT NOT NULL,
    "ToArtifactId" TEXT NOT NULL,
    "Tool" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "MinutesSpent" INTEGER NULL,
    "PerformedAtUtc" TEXT NULL,
    "PerformedOffsetMinutes" INTEGER NULL,
    "CapturedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_HumanEdits_Artifacts_FromArtifactId" FOREIGN KEY ("FromArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HumanEdits_Artifacts_ToArtifactId" FOREIGN KEY ("ToArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_HumanEdits_Works_WorkId" FOREIGN KEY ("WorkId") REFERENCES "Works" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "IterationInputs" (
    "IterationId" TEXT NOT NULL,
    "ArtifactId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    CONSTRAINT "PK_IterationInputs" PRIMARY KEY ("IterationId", "ArtifactId"),
    CONSTRAINT "FK_IterationInputs_Artifacts_ArtifactId" FOREIGN KEY ("ArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_IterationInputs_Iterations_IterationId" FOREIGN KEY ("IterationId") REFERENCES "Iterations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MetadataChunks" (
    "ArtifactId" TEXT NOT NULL,
    "Ordinal" INTEGER NOT NULL,
    "Container" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Data" BLOB NOT NULL,
    CONSTRAINT "PK_MetadataChunks" PRIMARY KEY ("ArtifactId", "Ordinal"),
    CONSTRAINT "FK_MetadataChunks_Artifacts_ArtifactId" FOREIGN KEY ("ArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Selections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Selections" PRIMARY KEY,
    "WorkId" TEXT NOT NULL,
    "ChosenArtifactId" TEXT NOT NULL,
    "Rationale" TEXT NOT NULL,
    "SelectedBy" TEXT NOT NULL,
    "SelectedAtUtc" TEXT NOT NULL,
    CONSTRAINT "FK_Selections_Artifacts_ChosenArtifactId" FOREIGN KEY ("ChosenArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Selections_Works_WorkId" FOREIGN KEY ("WorkId") REFERENCES "Works" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SelectionCandidates" (
    "SelectionId" TEXT NOT NULL,
    "ArtifactId" TEXT NOT NULL,
    CONSTRAINT "PK_SelectionCandidates" PRIMARY KEY ("SelectionId", "ArtifactId"),
    CONSTRAINT "FK_SelectionCandidates_Artifacts_ArtifactId" FOREIGN KEY ("ArtifactId") REFERENCES "Artifacts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_SelectionCandidates_Selections_SelectionId" FOREIGN KEY ("SelectionId") REFERENCES "Selections" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_Artifacts_CaseId_Sha256" ON "Artifacts" ("CaseId", "Sha256");

CREATE INDEX "IX_Artifacts_IterationId" ON "Artifacts" ("IterationId");

CREATE INDEX "IX_Artifacts_WorkId" ON "Artifacts" ("WorkId");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_CaseMembers_UserId" ON "CaseMembers" ("UserId");

CREATE INDEX "IX_HumanEdits_FromArtifactId" ON "HumanEdits" ("FromArtifactId");

CREATE INDEX "IX_HumanEdits_ToArtifactId" ON "HumanEdits" ("ToArtifactId");

CREATE INDEX "IX_HumanEdits_WorkId" ON "HumanEdits" ("WorkId");

CREATE INDEX "IX_IterationInputs_ArtifactId" ON "IterationInputs" ("ArtifactId");

CREATE INDEX "IX_IterationParents_ParentIterationId" ON "IterationParents" ("ParentIterationId");

CREATE UNIQUE INDEX "IX_Iterations_WorkId_Sequence" ON "Iterations" ("WorkId", "Sequence");

CREATE INDEX "IX_Notes_CaseId" ON "Notes" ("CaseId");

CREATE INDEX "IX_Notes_WorkId" ON "Notes" ("WorkId");

CREATE INDEX "IX_SelectionCandidates_ArtifactId" ON "SelectionCandidates" ("ArtifactId");

CREATE INDEX "IX_Selections_ChosenArtifactId" ON "Selections" ("ChosenArtifactId");

CREATE INDEX "IX_Selections_WorkId" ON "Selections" ("WorkId");

CREATE INDEX "IX_Works_CaseId" ON "Works" ("CaseId");
""";
}
