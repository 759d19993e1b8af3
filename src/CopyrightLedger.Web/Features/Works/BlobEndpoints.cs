using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Works;

namespace CopyrightLedger.Web;

public static class BlobEndpoints
{
    /// <summary><c>GET /blobs/{artifactId}</c>: the original bytes, to members of the artifact's case; 404 to everyone else.</summary>
    public static void MapBlobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/blobs/{artifactId:guid}", async (Guid artifactId, bool? download, HttpContext http, ArtifactService artifacts, CancellationToken ct) =>
        {
            var file = await artifacts.OpenAsync(Actor.From(http.User), artifactId, ct);
            if (file is null) return Results.NotFound();
            http.Response.Headers.ETag = $"\"{file.Sha256}\"";
            http.Response.Headers["X-Content-SHA256"] = file.Sha256;
            // Evidence is served as the bytes received; nosniff keeps a browser from reinterpreting them.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // An uploaded HTML or SVG opened on its own runs nothing, in an origin of its own (docs/SECURITY.md).
            http.Response.Headers.ContentSecurityPolicy = Features.Content.ContentSecurity.FilePolicy;
            return Results.File(file.Content, file.MediaType, download == true ? Features.Shared.VisibleText.DownloadName(file.FileName) : null, enableRangeProcessing: true);
        }).RequireAuthorization();
    }
}
