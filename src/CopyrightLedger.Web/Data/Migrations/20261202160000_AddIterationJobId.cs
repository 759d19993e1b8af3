using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CopyrightLedger.Web.Data.Migrations;

/// <summary>
/// A hosted service's job id gets a column of its own instead of a line the importer added to the parameters text.
/// Rows recorded before keep their text and a null job id: filling it now would change rows the ledger has chained
/// (docs/LEDGER.md), so the audit would rightly report them as changed.
/// </summary>
[DbContext(typeof(LedgerDbContext))]
[Migration("20261202160000_AddIterationJobId")]
public sealed class AddIterationJobId : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""ALTER TABLE "Iterations" ADD "JobId" TEXT NULL;""");
}
