using System.Text.Json;
using CopyrightLedger.Web.Jobs;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// The background form of a bulk import: the files were first written to a staging folder under the data
/// directory (an uploaded folder, or an unpacked zip), and the job imports them into a work. Re-running it after a
/// crash is safe (the importer deduplicates); the staging folder is removed once the import has succeeded.
/// </summary>
public sealed class ImportJob(BulkImporter importer) : IJobHandler
{
    public const string JobKind = "import";

    public sealed record Payload(string Folder, Guid WorkId, bool RemoveFolderAfter);

    public string Kind => JobKind;

    public static string Describe(string folder, Guid workId, bool removeAfter) =>
        JsonSerializer.Serialize(new Payload(folder, workId, removeAfter), JsonSerializerOptions.Web);

    public async Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<Payload>(job.Payload, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("Empty import payload.");
        var summary = await importer.ImportAsync(p.Folder, job.CaseId!.Value, p.WorkId, progress, (job.RequestedBy, job.RequestedBy), ct);
        progress.Report(summary.Files, summary.Files, "");
        if (p.RemoveFolderAfter) Directory.Delete(p.Folder, recursive: true);
        return BulkImporter.ToJson(summary);
    }
}
