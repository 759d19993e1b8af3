using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Jobs;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Dossier;

public static class DossierEndpoints
{
    /// <summary>
    /// <c>GET /dossiers/{jobId}</c>: the PDF a finished dossier job wrote; members of the job's case only (404 to anyone
    /// else, and for a job that has not finished).
    /// </summary>
    public static void MapDossierEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dossiers/{jobId:guid}", async (Guid jobId, HttpContext http, JobQueue jobs, IOptions<LedgerOptions> options, CancellationToken ct) =>
        {
            var job = await jobs.GetAsync(Actor.From(http.User), jobId, ct);
            var path = DossierJob.PathOf(options.Value, jobId);
            if (job is null || job.Status != JobStatus.Succeeded || DossierJob.ResultOf(job) is not { } result || !File.Exists(path))
                return Results.Problem("No such dossier.", statusCode: StatusCodes.Status404NotFound);
            var name = $"dossier-{string.Concat(result.Work.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-')}-{result.Language}.pdf";
            return Results.File(path, "application/pdf", name);
        }).RequireAuthorization();
    }
}
