using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Hashing;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Works;

/// <summary>Files of a case: received into the blob store byte for byte, described, and served back to members only.</summary>
public sealed class ArtifactService(IDbContextFactory<LedgerDbContext> dbs, BlobStore blobs, Import.FileAnalyzer analyzer, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    /// <summary>What an upload produced: the record, whether the bytes were already in the case, and any reading problem.</summary>
    public sealed record UploadResult(ArtifactView Artifact, bool Duplicate, string? Warning);

    /// <param name="extraChunks">Metadata that came with the file rather than in it (the ingest API's JSON), kept raw like the file's own.</param>
    public async Task<UploadResult> UploadAsync(Actor actor, Guid caseId, Guid? workId, ArtifactRole role, string fileName,
        Stream content, IProgress<long>? progress = null, CancellationToken ct = default, IReadOnlyList<(string Container, string Key, byte[] Data)>? extraChunks = null)
    {
        await using (var check = await dbs.CreateDbContextAsync(ct))
        {
            await CaseService.RequireWriterAsync(check, actor, caseId, ct);
            if (workId is { } w && !await check.Works.AnyAsync(x => x.Id == w && x.CaseId == caseId, ct))
                throw new DomainException("The work belongs to another case.");
        }

        // The bytes are safe on disk (fsync + rename) before any record points at them.
        var stored = await blobs.PutAsync(content, progress, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var existing = await HeldAsync(db, caseId, stored, ct);
        // Read outside the write lock (it may decode pixels); a duplicate needs no reading.
        var described = existing is null ? Describe(caseId, workId, role, fileName, stored, UtcTime.Now(clock)) : default;
        // Under the write lock, so an upload of the same bytes at the same moment finds this one's record, and the
        // quota counts what the case holds at the commit.
        await using var write = await db.BeginWriteAsync(ct);
        existing ??= await HeldAsync(db, caseId, stored, ct);
        if (existing is not null)
        {
            if (existing.WorkId is null && workId is not null)
            {
                existing.AssignTo(workId, existing.IterationId);
                db.Record(actor, "file.upload");
                await db.SaveChangesAsync(ct);
                await write.CommitAsync(ct);
            }
            return new UploadResult(ArtifactView.Of(existing), Duplicate: true, Warning: null);
        }
        // A single upload is a batch of one file (docs/SECURITY.md); its blob stays unreferenced, as a crash's would.
        if (Import.BulkImporter.QuotaPassed(options.Value.Limits, await Import.BulkImporter.CaseUsageAsync(db, caseId, ct), (0, 0), stored.Size) is { } why)
            throw new DomainException($"{fileName}: not kept: it would pass {why}.");

        foreach (var (container, key, data) in extraChunks ?? []) described.Artifact.KeepChunk(container, key, data);
        db.Artifacts.Add(described.Artifact);
        db.Record(actor, "file.upload");
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return new UploadResult(ArtifactView.Of(described.Artifact), Duplicate: false, described.Warning);
    }

    private static Task<Artifact?> HeldAsync(LedgerDbContext db, Guid caseId, BlobStore.StoredBlob stored, CancellationToken ct) =>
        db.Artifacts.FirstOrDefaultAsync(a => a.CaseId == caseId && a.Sha256 == stored.Sha256.Value, ct);

    /// <summary>
    /// Reads what the file says about itself, as an import would (every container the Importers know: PNG, JPEG, WebP,
    /// ISO BMFF). A file that cannot be read is still kept, with a warning.
    /// </summary>
    internal (Artifact Artifact, string? Warning) Describe(Guid caseId, Guid? workId, ArtifactRole role, string fileName, BlobStore.StoredBlob stored, DateTime capturedAtUtc)
    {
        var file = analyzer.AnalyzeOne(blobs.PathOf(stored.Sha256), fileName);
        var artifact = Import.BulkImporter.ArtifactOf(file, Guid.CreateVersion7(clock.GetUtcNow()), stored.Sha256, caseId, workId, role, fileName, capturedAtUtc);
        return (artifact, file.Metadata.Damage is { } damage ? $"{fileName}: damaged: {damage}; kept byte for byte." : null);
    }

    public sealed record BlobFile(Stream Content, string MediaType, string FileName, string Sha256);

    /// <summary>Opens a file's bytes for a member of its case; null for anyone else or an unknown id.</summary>
    public async Task<BlobFile?> OpenAsync(Actor actor, Guid artifactId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var a = await db.Artifacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == artifactId, ct);
        if (a is null || await CaseService.RoleInAsync(db, actor, a.CaseId, ct) is null) return null;
        var hash = Sha256Hex.Parse(a.Sha256);
        return blobs.Exists(hash) ? new BlobFile(blobs.OpenRead(hash), a.MediaType, a.OriginalFileName, a.Sha256) : null;
    }

    public async Task<IReadOnlyList<ArtifactView>> ListUnassignedAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) throw new NotFoundException();
        return (await db.Artifacts.Where(a => a.CaseId == caseId && a.WorkId == null).AsNoTracking().ToListAsync(ct))
            .Select(ArtifactView.Of).ToList();
    }
}
