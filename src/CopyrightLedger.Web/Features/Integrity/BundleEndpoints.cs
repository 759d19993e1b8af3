using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Integrity;

public static class BundleEndpoints
{
    /// <summary>
    /// <c>GET /cases/{caseId}/bundle</c>: exports the case's evidence bundle (an event of the chain, naming who asked)
    /// and sends it; members only, 404 to anyone else. The zip is written under the data folder and removed once sent.
    /// </summary>
    public static void MapBundleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cases/{caseId:guid}/bundle", async (Guid caseId, HttpContext http, IDbContextFactory<LedgerDbContext> dbs,
            BundleExporter exporter, IOptions<LedgerOptions> options, CancellationToken ct) =>
        {
            var actor = Actor.From(http.User);
            await using (var db = await dbs.CreateDbContextAsync(ct))
                if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) return Results.NotFound();
            var folder = Directory.CreateDirectory(Path.Combine(options.Value.FullDataDirectory, "exports")).FullName;
            var path = Path.Combine(folder, $"{caseId:N}-{Guid.CreateVersion7():N}.zip");
            await exporter.ExportAsync(caseId, actor.Named, path, ct);
            http.Response.OnCompleted(() => { File.Delete(path); return Task.CompletedTask; });
            return Results.File(path, "application/zip", $"evidence-{caseId:N}.zip");
        }).RequireAuthorization();
    }
}
