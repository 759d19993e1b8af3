using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Dossier.Layout;
using CopyrightLedger.Web.Jobs;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>How a dossier is made: its language and whether the installation signs it.</summary>
public sealed record DossierOptions(string Language = "en", bool Sign = true);

/// <summary>A dossier written to disk: where, its SHA-256 (recorded in the ledger), its size and whether it is signed.</summary>
public sealed record DossierFile(string Path, string Sha256, long Bytes, bool Signed, string WorkTitle);

/// <summary>
/// Renders a work's dossier (<see cref="DossierComposer"/>, <see cref="PdfRenderer"/>), signs it with the
/// installation's key, optionally with an RFC 3161 time-stamp from the configured authority, writes it under a
/// temporary name and renames it when complete, and records its hash as a <c>dossier</c> event of the case's chain.
/// </summary>
public sealed class DossierService(DossierSource source, SigningKey key, IOptions<LedgerOptions> options, IDbContextFactory<LedgerDbContext> dbs, Checkpoints checkpoints)
{
    /// <summary>Null when the actor may not read the work's case (or there is no such work).</summary>
    public async Task<(byte[] Pdf, DossierData Data)?> RenderAsync(Actor actor, Guid workId, DossierOptions o, IJobProgress? progress = null, CancellationToken ct = default)
    {
        var text = new DossierText(o.Language);
        Guid? caseId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            caseId = await db.Works.Where(w => w.Id == workId).Select(w => (Guid?)w.CaseId).FirstOrDefaultAsync(ct);
            if (caseId is null || (!actor.IsCommandLine && await Cases.CaseService.RoleInAsync(db, actor, caseId.Value, ct) is null)) return null;
        }
        // A signed dossier describes a signed state: its appendix then prints the checkpoint, and the SIZE:ROOT a later
        // bundle must extend (docs/SECURITY.md). A draft takes the chain as it finds it, so it renders the same again.
        if (o.Sign) await checkpoints.CreateAsync(LedgerChains.Of(caseId.Value), ct);
        progress?.Report(0, 3, "reading the record");
        var data = await source.LoadAsync(workId, ct);
        progress?.Report(1, 3, "laying out the pages");
        var pdf = PdfRenderer.Render(DossierComposer.Compose(data, text, o.Sign));
        ct.ThrowIfCancellationRequested();
        if (o.Sign)
        {
            progress?.Report(2, 3, "signing");
            pdf = await SignAsync(pdf, data.Work.Title);
        }
        progress?.Report(3, 3, "");
        return (pdf, data);
    }

    /// <summary>
    /// Signs a rendered dossier with the installation's certificate, time-stamped when an authority is configured.
    /// Signing the same rendering again gives the same file but for the signature (its time and bytes).
    /// </summary>
    public async Task<byte[]> SignAsync(byte[] unsigned, string workTitle)
    {
        var tsa = string.IsNullOrWhiteSpace(options.Value.Timestamping.Url) ? null : new Uri(options.Value.Timestamping.Url);
        using var certificate = key.Certificate();
        return await PdfSigning.SignAsync(unsigned, certificate, tsa, new SignatureDetails($"Evidence dossier of '{workTitle}', issued by CopyrightLedger"));
    }

    public async Task<DossierFile?> WriteAsync(Actor actor, Guid workId, DossierOptions o, string outputPath, IJobProgress? progress = null, CancellationToken ct = default)
    {
        if (await RenderAsync(actor, workId, o, progress, ct) is not var (pdf, data)) return null;
        var full = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".part";
        await File.WriteAllBytesAsync(temp, pdf, ct);
        File.Move(temp, full, overwrite: true);
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            db.Record(actor.UserId, actor.DisplayName, LedgerActions.Dossier);
            db.AddLedgerEvent(data.Ledger.Chain, new JsonObject
            {
                ["work"] = workId.ToString("D"), ["file"] = Path.GetFileName(full), ["sha256"] = sha, ["bytes"] = pdf.LongLength,
                ["language"] = o.Language, ["signed"] = o.Sign, ["describesEvents"] = data.Ledger.Size,
            });
            await db.SaveChangesAsync(ct);
        }
        return new DossierFile(full, sha, pdf.LongLength, o.Sign, data.Work.Title);
    }
}
