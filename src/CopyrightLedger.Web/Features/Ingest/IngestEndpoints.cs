using System.Text;
using System.Text.Json;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Works;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Ingest;

/// <summary>
/// Capture at the source: <c>POST /api/v1/works/{workId}/files</c> with <c>Authorization: Bearer clt_…</c> and a
/// multipart form holding <c>file</c> and, optionally, <c>metadata</c> (JSON, kept byte for byte beside the file).
/// The file is stored and its ledger event appended in the same request, so its hash is chained at the moment the
/// server received it. Answers 201 with the file's SHA-256 and id; 401 for a missing or revoked token; 404 for a
/// work the token's owner cannot write to. docs/INGEST.md has curl and Python examples.
/// </summary>
public static class IngestEndpoints
{
    public const long MaxFileBytes = 2L << 30;

    public static void MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/works/{workId:guid}/files", async (Guid workId, HttpContext http, ApiTokenService tokens,
            IDbContextFactory<LedgerDbContext> dbs, ArtifactService artifacts, Import.ImportStaging staging, Import.CaseFolderImporter caseFolders, CancellationToken ct) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            var userId = await tokens.AuthenticateAsync(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null, ct);
            if (userId is null) return Results.Problem("A valid API token is required: Authorization: Bearer clt_…", statusCode: 401);

            Actor actor;
            Guid caseId;
            await using (var db = await dbs.CreateDbContextAsync(ct))
            {
                var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
                actor = new Actor(user.Id, user.NameToShow + " (API)", false, false);
                var work = await db.Works.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workId, ct);
                if (work is null || await CaseService.RoleInAsync(db, actor, work.CaseId, ct) is null or Core.Cases.CaseRole.Reviewer)
                    return Results.Problem("No such work, or not one this token may write to.", statusCode: 404); // a body, so the HTML 404 page is not re-executed for an API call
                caseId = work.CaseId;
            }
            // Only after the membership check: a non-member gets the same 404 whatever it sends (docs/SECURITY.md).
            if (!http.Request.HasFormContentType) return Results.Problem("Send multipart/form-data with a 'file' part.", statusCode: 400);

            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file) return Results.Problem("The form has no 'file' part.", statusCode: 400);
            byte[]? metadata = null;
            if (form["metadata"] is { Count: > 0 } m)
            {
                metadata = Encoding.UTF8.GetBytes(m.ToString());
                try { using var _ = JsonDocument.Parse(metadata, new JsonDocumentOptions { MaxDepth = 64 }); }
                catch (JsonException e) { return Results.Problem($"'metadata' is not JSON: {e.Message}", statusCode: 400); }
            }
            try
            {
                if (file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                    && await CaseFolderAsync(staging, caseFolders, file, actor, caseId, workId, ct) is { } summary)
                    return Results.Json(new { caseFolder = summary }, statusCode: 201);
                await using var content = file.OpenReadStream();
                var result = await artifacts.UploadAsync(actor, caseId, workId, ArtifactRole.Output, file.FileName, content, null, ct,
                    metadata is null ? [] : [("api:metadata", "metadata", metadata)]);
                return Results.Json(new { id = result.Artifact.Id, sha256 = result.Artifact.Sha256, duplicate = result.Duplicate, warning = result.Warning,
                    capturedAt = result.Artifact.CapturedAtUtc }, statusCode: result.Duplicate ? 200 : 201);
            }
            catch (DomainException e) { return Results.Problem(e.Message, statusCode: 400); }
        }).DisableAntiforgery().AllowAnonymous();
    }

    /// <summary>
    /// A zip holding a case folder (docs/CASE-FOLDER.md) is unpacked as the Import tab unpacks one and its record read
    /// into the work; null for any other zip, which is kept as the one file it is.
    /// </summary>
    private static async Task<Import.ImportSummary?> CaseFolderAsync(Import.ImportStaging staging, Import.CaseFolderImporter caseFolders, IFormFile file,
        Actor actor, Guid caseId, Guid workId, CancellationToken ct)
    {
        var folder = staging.NewFolder();
        try
        {
            string saved;
            await using (var content = file.OpenReadStream()) saved = await Import.ImportStaging.SaveAsync(folder, file.FileName, content, ct);
            var refused = staging.Unpack(saved, folder);
            if (Import.CaseFolderImporter.FindRoot(folder) is not { } root) return null;
            return await caseFolders.ImportAsync(folder, root, caseId, (db, _) => Import.BulkImporter.ExistingWorkAsync(db, caseId, workId, ct),
                actor.Named, null, refused, ct);
        }
        finally { staging.Remove(folder); }
    }
}
