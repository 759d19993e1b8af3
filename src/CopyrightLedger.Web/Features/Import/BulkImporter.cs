using System.Text.Json;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Hashing;
using CopyrightLedger.Core.Import;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>What an import did, kept on its job and printed by <c>ledger import</c>.</summary>
public sealed record ImportSummary(int Files, int NewFiles, int Duplicates, int Iterations, int Inputs, int Edits, IReadOnlyList<string> Flags);

/// <summary>
/// Imports a folder of outputs into a work: every file kept byte for byte in the blob store, then the plan of
/// <see cref="ImportPlanner"/> recorded in one transaction. Running it again on the same folder adds nothing: files
/// are matched by SHA-256 within the case, and a run whose outputs are already in an iteration is skipped.
/// Blobs are written before the transaction, so a crash leaves at most unreferenced blobs, which a re-run reuses.
/// </summary>
public sealed class BulkImporter(IDbContextFactory<LedgerDbContext> dbs, BlobStore blobs, FileAnalyzer analyzer, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    /// <summary>A folder read and stored, not yet recorded; <paramref name="Refused"/> names each file a quota kept out.</summary>
    public sealed record Prepared(ImportPlan Plan, Sha256Hex[] Shas, IReadOnlyList<string> Refused);

    /// <param name="importedBy">Who the ledger names for the import (user id, display name); the system when null.</param>
    public Task<ImportSummary> ImportAsync(string folder, Guid caseId, Guid workId, Jobs.IJobProgress? progress = null,
        (string Id, string Name)? importedBy = null, CancellationToken ct = default) =>
        ImportAsync(folder, caseId, db => ExistingWorkAsync(db, caseId, workId, ct), progress, importedBy, ct);

    /// <summary>The case and work of an import into a work that must exist already.</summary>
    public static async Task<(Guid CaseId, Guid WorkId)> ExistingWorkAsync(LedgerDbContext db, Guid caseId, Guid workId, CancellationToken ct) =>
        await db.Works.AnyAsync(w => w.Id == workId && w.CaseId == caseId, ct) ? (caseId, workId) : throw new DomainException("The work is not in this case.");

    /// <summary>
    /// Imports into the case and work <paramref name="target"/> finds or adds to the context (unsaved) under the
    /// write lock, so they are created in the import's own transaction: a failed import leaves no empty case or work,
    /// and imports in several processes that name the same new case make one case (docs/SECURITY.md).
    /// <paramref name="quotaCase"/> is the case whose quota applies, when it exists already.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(string folder, Guid? quotaCase, Func<LedgerDbContext, Task<(Guid CaseId, Guid WorkId)>> target,
        Jobs.IJobProgress? progress = null, (string Id, string Name)? importedBy = null, CancellationToken ct = default, IReadOnlyList<string>? refusedBefore = null)
    {
        var prepared = await PrepareAsync(folder, null, progress, ct, quotaCase);
        if (refusedBefore is { Count: > 0 }) prepared = prepared with { Refused = [.. refusedBefore, .. prepared.Refused] };
        progress?.Report(prepared.Plan.Files.Count, prepared.Plan.Files.Count, "Recording iterations");
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Runs are numbered from the work's last one: hold the write lock from that read to the commit.
        await using var write = await db.BeginWriteAsync(ct);
        var (caseId, workId) = await target(db);
        var (_, summary) = await RecordIntoAsync(db, prepared, caseId, workId, ct);
        if (importedBy is { } who) db.Record(who.Id, who.Name, "import");
        else db.Record("system", "CopyrightLedger", "import");
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return summary;
    }

    /// <summary>
    /// Reads every file under <paramref name="folder"/> that <paramref name="include"/> accepts (by its '/' path) and
    /// stores its bytes, within the batch's quota and what is left of <paramref name="caseId"/>'s (docs/SECURITY.md).
    /// </summary>
    public async Task<Prepared> PrepareAsync(string folder, Func<string, bool>? include, Jobs.IJobProgress? progress, CancellationToken ct, Guid? caseId = null)
    {
        if (!Directory.Exists(folder)) throw new DomainException($"{folder}: no such folder.");
        static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
        var paths = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(p => include?.Invoke(Relative(folder, p)) ?? true)
            .Order(StringComparer.Ordinal).ToList();
        var refused = await KeepWithinQuotaAsync(folder, paths, caseId, ct);
        // Reading is bound by the CPU and storing by fsync, so both run at once: every file is stored as received
        // while the readers work, and each stored hash is checked against what the reader saw.
        var storing = StoreAllAsync(paths, ct);
        var analyzed = await analyzer.AnalyzeAsync(folder, paths, progress, ct);
        var stored = await storing;
        var plan = ImportPlanner.Plan(analyzed);
        var byPath = paths.Select((p, i) => (Path: Relative(folder, p), i)).ToDictionary(x => x.Path, x => stored[x.i]);
        var shas = new Sha256Hex[plan.Files.Count];
        for (var i = 0; i < plan.Files.Count; i++)
        {
            shas[i] = byPath[plan.Files[i].Path];
            if (plan.Files[i].Metadata.Sha256 is { Length: > 0 } seen && seen != shas[i].Value)
                throw new DomainException($"{plan.Files[i].Path} changed while it was being imported; import it again.");
        }
        return new Prepared(plan, shas, refused);
    }

    /// <summary>
    /// Removes from <paramref name="paths"/> (in path order) every file past the batch's or the case's quota of files
    /// or bytes, and says why for each. A file the case already holds still counts: the quota is checked before hashing.
    /// </summary>
    private async Task<List<string>> KeepWithinQuotaAsync(string folder, List<string> paths, Guid? caseId, CancellationToken ct)
    {
        var limits = options.Value.Limits;
        var held = (Files: 0L, Bytes: 0L);
        if (caseId is { } id)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            held = await CaseUsageAsync(db, id, ct);
        }
        var refused = new List<string>();
        var batch = (Files: 0L, Bytes: 0L);
        paths.RemoveAll(path =>
        {
            var size = new FileInfo(path).Length;
            var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (QuotaPassed(limits, held, batch, size) is { } why) { refused.Add($"{name}: not imported: it would pass {why}."); return true; }
            batch = (batch.Files + 1, batch.Bytes + size);
            return false;
        });
        return refused;
    }

    /// <summary>The files and bytes <paramref name="caseId"/> holds, as its quota counts them.</summary>
    public static async Task<(long Files, long Bytes)> CaseUsageAsync(LedgerDbContext db, Guid caseId, CancellationToken ct) =>
        (await db.Artifacts.CountAsync(a => a.CaseId == caseId, ct),
         await db.Artifacts.Where(a => a.CaseId == caseId).SumAsync(a => (long?)a.SizeBytes, ct) ?? 0);

    /// <summary>
    /// The limit a new file of <paramref name="size"/> bytes would pass, joining a batch that adds
    /// <paramref name="batch"/> to a case holding <paramref name="held"/>; null when it fits. One rule for imports,
    /// uploads and the ingest API (docs/SECURITY.md).
    /// </summary>
    public static string? QuotaPassed(LedgerOptions.LimitsOptions limits, (long Files, long Bytes) held, (long Files, long Bytes) batch, long size) =>
        batch.Files + 1 > limits.BatchFiles ? $"the import's limit of {limits.BatchFiles} files (Ledger:Limits:BatchFiles)"
        : batch.Bytes + size > limits.BatchBytes ? $"the import's limit of {ByteSize.Text(limits.BatchBytes)} (Ledger:Limits:BatchBytes)"
        : held.Files + batch.Files + 1 > limits.CaseFiles ? $"the case's limit of {limits.CaseFiles} files (Ledger:Limits:CaseFiles)"
        : held.Bytes + batch.Bytes + size > limits.CaseBytes ? $"the case's limit of {ByteSize.Text(limits.CaseBytes)} (Ledger:Limits:CaseBytes)"
        : null;

    /// <summary>Keeps every file's bytes, several at a time (fsync, not the CPU, is the limit).</summary>
    private async Task<Sha256Hex[]> StoreAllAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var stored = new Sha256Hex[paths.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            await using var s = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            stored[i] = (await blobs.PutAsync(s, null, token)).Sha256;
        });
        return stored;
    }

    /// <summary>
    /// Adds the plan's records to <paramref name="db"/> without saving, so a caller can add its own in the same
    /// transaction. Returns the artifact of each planned file (an existing one where the case already held the bytes).
    /// </summary>
    public async Task<(Artifact[] Artifacts, ImportSummary Summary)> RecordIntoAsync(LedgerDbContext db, Prepared prepared, Guid caseId, Guid workId, CancellationToken ct)
    {
        var (plan, stored) = (prepared.Plan, prepared.Shas);
        var now = UtcTime.Now(clock);
        var shas = stored.Select(h => h.Value).ToList();
        var existing = await db.Artifacts.Where(a => a.CaseId == caseId && shas.Contains(a.Sha256)).ToDictionaryAsync(a => a.Sha256, ct);
        var artifacts = new Artifact[plan.Files.Count];
        var newFiles = 0;
        for (var i = 0; i < plan.Files.Count; i++)
        {
            if (existing.TryGetValue(stored[i].Value, out var known)) { artifacts[i] = known; continue; }
            artifacts[i] = NewArtifact(plan.Files[i], stored[i], caseId, workId, now);
            db.Artifacts.Add(artifacts[i]);
            newFiles++;
        }

        var flags = prepared.Refused.Concat(plan.Flags).ToList();
        var sequence = await db.Iterations.Where(it => it.WorkId == workId).MaxAsync(it => (int?)it.Sequence, ct) ?? 0;
        int iterations = 0, inputs = 0;
        foreach (var planned in plan.Iterations)
        {
            if (planned.Outputs.All(o => artifacts[o].IterationId is not null)) continue; // imported before
            var it = NewIteration(planned, workId, ++sequence, now, flags, plan.Files[planned.Outputs[0]].Path);
            db.Iterations.Add(it);
            foreach (var o in planned.Outputs) artifacts[o].AssignTo(workId, it.Id);
            foreach (var input in planned.Inputs)
            {
                var a = artifacts[input.File];
                it.UseInput(a.Id, input.Kind);
                if (a.IterationId is { } parent && parent != it.Id) it.DeriveFrom(parent, input.Kind);
                else if (a.Role == ArtifactRole.Output && a.IterationId is null) a.ChangeRole(ArtifactRole.Input);
                inputs++;
            }
            iterations++;
        }

        var edits = 0;
        foreach (var e in plan.Edits)
        {
            var (from, to) = (artifacts[e.From], artifacts[e.To]);
            if (await db.HumanEdits.AnyAsync(h => h.FromArtifactId == from.Id && h.ToArtifactId == to.Id, ct)) continue;
            var edit = new HumanEdit(Guid.CreateVersion7(clock.GetUtcNow()), workId, from.Id, to.Id, e.Tool ?? "", EditKind.Other,
                $"{to.OriginalFileName} says it was derived from {from.OriginalFileName} ({e.Evidence}); the file does not say what was changed.", now);
            edit.Record(null, SourceTime.TryParseClaim(e.When));
            if (to.IterationId is null) to.ChangeRole(ArtifactRole.Edited);
            db.HumanEdits.Add(edit);
            edits++;
        }
        return (artifacts, new ImportSummary(plan.Files.Count + plan.Duplicates.Count, newFiles, plan.Duplicates.Count, iterations, inputs, edits, flags));
    }

    private Artifact NewArtifact(ImportFile f, Sha256Hex sha, Guid caseId, Guid workId, DateTime now) =>
        ArtifactOf(f, Guid.CreateVersion7(clock.GetUtcNow()), sha, caseId, workId, ArtifactRole.Output, f.Name, now);

    /// <summary>
    /// An artifact as the file describes itself: size, dimensions, claimed time, every raw metadata chunk, perceptual
    /// hash. The one place this is done, for imports, uploads and files posted to the ingest endpoint alike.
    /// </summary>
    public static Artifact ArtifactOf(ImportFile f, Guid id, Sha256Hex sha, Guid caseId, Guid? workId, ArtifactRole role, string name, DateTime capturedAtUtc)
    {
        var m = f.Metadata;
        var a = new Artifact(id, caseId, workId, sha, m.MediaType, m.SizeBytes, name, role, capturedAtUtc);
        if (m.Width is > 0 && m.Height is > 0) a.SetDimensions(m.Width.Value, m.Height.Value);
        a.SetClaimedTime(SourceTime.TryParseClaim(m.ClaimedTime));
        foreach (var c in m.Chunks) a.KeepChunk(c.Container, c.Key, c.Data);
        if (f.Pixels is { } px) a.SetPerceptualHash(px.PerceptualHash);
        return a;
    }

    private Iteration NewIteration(PlannedIteration planned, Guid workId, int sequence, DateTime now, List<string> flags, string firstPath)
    {
        var g = planned.Generation;
        var it = new Iteration(Guid.CreateVersion7(clock.GetUtcNow()), workId, sequence, g.Generator, g.Prompt ?? "", now);
        it.SetTool(g.Generator, g.GeneratorVersion, g.Model, g.ModelHash);
        // The parameters as the reader gave them; a hosted service's job id (how its history finds the run) in its own column.
        it.Describe(g.Prompt ?? "", g.NegativePrompt, string.Join("\n", g.Parameters.Select(p => $"{p.Key}: {p.Value}")));
        it.RecordJob(g.JobId);
        var settings = new GenerationSettings(g.Seed, g.Steps, g.CfgScale, g.Sampler, g.Scheduler, g.Width, g.Height, g.Denoise);
        try { it.SetParameters(settings); }
        catch (DomainException e)
        {
            // Keep the run; the values stay verbatim in the parameters and the raw chunk.
            flags.Add($"{firstPath}: typed settings not recorded ({e.Message}).");
        }
        it.SetClaimedTime(SourceTime.TryParseClaim(planned.ClaimedTime));
        return it;
    }

    public static string ToJson(ImportSummary s) => JsonSerializer.Serialize(s, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
