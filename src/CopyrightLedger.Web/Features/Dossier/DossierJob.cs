using System.Text.Json;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Jobs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// Renders a dossier in the background, on behalf of the member who asked (checked again when it runs), into
/// <c>&lt;data&gt;/dossiers/&lt;job id&gt;.pdf</c>. The file is written under a temporary name and renamed when whole, so a
/// job stopped part-way leaves no file under the final name; run again after a restart, it starts over.
/// </summary>
public sealed class DossierJob(DossierService dossiers, UserManager<AppUser> users, IOptions<LedgerOptions> options) : IJobHandler
{
    public const string JobKind = "dossier";

    public sealed record Payload(Guid WorkId, string Language, bool Sign);

    public sealed record Result(string File, string Sha256, long Bytes, bool Signed, string Work, string Language);

    public string Kind => JobKind;

    public static string Describe(Guid workId, DossierOptions o) => JsonSerializer.Serialize(new Payload(workId, o.Language, o.Sign), JsonSerializerOptions.Web);

    public static Payload? PayloadOf(JobView job) => job.Kind == JobKind ? JsonSerializer.Deserialize<Payload>(job.Payload, JsonSerializerOptions.Web) : null;

    public static Result? ResultOf(JobView job) => job.Kind == JobKind && job.Result is { } r ? JsonSerializer.Deserialize<Result>(r, JsonSerializerOptions.Web) : null;

    public static string PathOf(LedgerOptions options, Guid jobId) => Path.Combine(options.FullDataDirectory, "dossiers", $"{jobId:N}.pdf");

    public async Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<Payload>(job.Payload, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("Empty dossier payload.");
        var user = await users.FindByIdAsync(job.RequestedBy) ?? throw new InvalidOperationException("The member who asked for this dossier no longer exists.");
        var actor = new Actor(user.Id, user.NameToShow, false, false);
        var file = await dossiers.WriteAsync(actor, p.WorkId, new DossierOptions(p.Language, p.Sign), PathOf(options.Value, job.Id), progress, ct)
                   ?? throw new InvalidOperationException("The work is gone, or the member who asked may no longer read its case.");
        return JsonSerializer.Serialize(new Result(Path.GetFileName(file.Path), file.Sha256, file.Bytes, file.Signed, file.WorkTitle, p.Language), JsonSerializerOptions.Web);
    }
}
