using System.Text.Json;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Jobs;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// The background form of a bulk import: the files were first written to a staging folder under the data
/// directory (an uploaded folder, or an unpacked zip), and the job imports them into a work. Re-running it after a
/// crash is safe (the importer deduplicates); the staging folder is removed once the import has succeeded or failed
/// (a folder left by a killed process is swept at the next start). A new work is created in the import's own
/// transaction, so a failed import leaves no empty work.
/// </summary>
public sealed class ImportJob(BulkImporter importer, CaseFolderImporter caseFolders, ImportStaging staging, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "import";

    /// <param name="WorkId">The work to import into; <see cref="Guid.Empty"/> to create one titled <paramref name="NewWorkTitle"/>.</param>
    /// <param name="Refused">What was refused while staging (zip entries over a limit), reported with the summary's flags.</param>
    /// <param name="TitleTyped">Whether the person typed <paramref name="NewWorkTitle"/>; if not, a case folder's new work takes its own title.</param>
    public sealed record Payload(string Folder, Guid WorkId, bool RemoveFolderAfter, string? NewWorkTitle = null, IReadOnlyList<string>? Refused = null, bool TitleTyped = false);

    public string Kind => JobKind;

    public static string Describe(string folder, Guid workId, bool removeAfter, string? newWorkTitle = null, IReadOnlyList<string>? refused = null, bool titleTyped = false) =>
        JsonSerializer.Serialize(new Payload(folder, workId, removeAfter, newWorkTitle, refused, titleTyped), JsonSerializerOptions.Web);

    public async Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<Payload>(job.Payload, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("Empty import payload.");
        var caseId = job.CaseId!.Value;
        ImportSummary summary;
        try
        {
            // A folder or zip holding a case.json is a case folder: its record is read into this case (docs/CASE-FOLDER.md).
            summary = CaseFolderImporter.FindRoot(p.Folder) is { } root
                ? await caseFolders.ImportAsync(p.Folder, root, caseId, async (db, manifest) =>
                {
                    if (p.WorkId != Guid.Empty) return await BulkImporter.ExistingWorkAsync(db, caseId, p.WorkId, ct);
                    var work = caseFolders.NewWork(manifest, caseId, p.TitleTyped ? p.NewWorkTitle : null);
                    db.Works.Add(work);
                    return (caseId, work.Id);
                }, (job.RequestedBy, job.RequestedBy), progress, p.Refused, ct)
                : await importer.ImportAsync(p.Folder, caseId, async db =>
                {
                    if (p.WorkId != Guid.Empty) return await BulkImporter.ExistingWorkAsync(db, caseId, p.WorkId, ct);
                    var work = new Work(Guid.CreateVersion7(clock.GetUtcNow()), caseId, p.NewWorkTitle ?? "Import", Medium.Image, "", UtcTime.Now(clock));
                    db.Works.Add(work);
                    return (caseId, work.Id);
                }, progress, (job.RequestedBy, job.RequestedBy), ct, p.Refused);
        }
        catch (Exception e) when (e is not OperationCanceledException && p.RemoveFolderAfter)
        {
            // A failed import will not run again; a cancelled one (shutdown) will, and needs its files.
            staging.Remove(p.Folder);
            throw;
        }
        progress.Report(summary.Files, summary.Files, "");
        if (p.RemoveFolderAfter) staging.Remove(p.Folder);
        return BulkImporter.ToJson(summary);
    }
}
