using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// Writes a case's evidence bundle: a zip a court can check with standard tools alone (VERIFY.md says how).
/// <code>
/// VERIFY.md             how to check everything below, with this bundle's own values
/// case.json             which case, exported when, by whom
/// events.jsonl          the case's chain, one canonical event per line, exactly the bytes that were hashed
/// checkpoints/N.txt     signed checkpoint texts; N.sig their DER signatures; N.tsr RFC 3161 replies when stamped
/// keys/ledger-public.pem  the installation's public key
/// files/SHA256          every file the events refer to, exactly as received, named by its SHA-256
/// manifest.sha256       sha256sum lines for every other file
/// manifest.sig          its DER signature with the installation's key
/// </code>
/// The export is itself an event of the chain, signed into a checkpoint before the bundle is written. The zip is
/// written under a temporary name and renamed when complete, so no half-written bundle carries the final name.
/// </summary>
public sealed class BundleExporter(IDbContextFactory<LedgerDbContext> dbs, Checkpoints checkpoints, SigningKey key, BlobStore blobs, TimeProvider clock)
{
    public async Task<string> ExportAsync(Guid caseId, (string Id, string Name) actor, string outputPath, CancellationToken ct = default)
    {
        var chain = LedgerChains.Of(caseId);
        string title;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            title = await db.Cases.Where(c => c.Id == caseId).Select(c => c.Title).SingleOrDefaultAsync(ct) ?? throw new Core.DomainException("No such case.");
            db.Record(actor.Id, actor.Name, LedgerActions.Export);
            db.AddLedgerEvent(chain, new JsonObject { ["file"] = Path.GetFileName(outputPath) });
            await db.SaveChangesAsync(ct);
        }
        var checkpoint = await checkpoints.CreateAsync(chain, ct) ?? throw new InvalidOperationException("The chain is empty.");

        List<LedgerEvent> events;
        List<LedgerCheckpoint> signed;
        List<LedgerTimestamp> stamps;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            events = await db.LedgerEvents.AsNoTracking().Where(e => e.Chain == chain && e.Sequence <= checkpoint.TreeSize).OrderBy(e => e.Sequence).ToListAsync(ct);
            // Only what the export's checkpoint covers: a checkpoint signed meanwhile covers events this bundle does not hold.
            signed = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.Chain == chain && c.TreeSize <= checkpoint.TreeSize).OrderBy(c => c.TreeSize).ToListAsync(ct);
            stamps = await db.LedgerTimestamps.AsNoTracking().Where(t => t.Chain == chain && t.TreeSize <= checkpoint.TreeSize).ToListAsync(ct);
        }
        var blobHashes = events.SelectMany(e => JsonNode.Parse(e.Json)!["blobs"]!.AsArray().Select(b => b!.GetValue<string>())).Distinct().Order(StringComparer.Ordinal).ToList();

        var temp = outputPath + ".part";
        var manifest = new StringBuilder();
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            void Add(string name, byte[] bytes)
            {
                using (var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open()) s.Write(bytes);
                manifest.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(name).Append('\n');
            }
            Add("case.json", Encoding.UTF8.GetBytes(new JsonObject
            {
                ["case"] = caseId.ToString("D"), ["title"] = title, ["chain"] = chain, ["events"] = events.Count,
                ["exportedAt"] = RowSnapshot.Node(clock.GetUtcNow().UtcDateTime), ["exportedBy"] = actor.Name, ["publicKeyId"] = key.KeyId, ["publicKeyFingerprint"] = key.Fingerprint,
            }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n"));
            Add("events.jsonl", Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e.Json + "\n"))));
            foreach (var c in signed)
            {
                Add($"checkpoints/{c.TreeSize}.txt", Encoding.UTF8.GetBytes(c.Body));
                Add($"checkpoints/{c.TreeSize}.sig", Convert.FromBase64String(c.Signature));
                if (stamps.FirstOrDefault(t => t.TreeSize == c.TreeSize) is { } t) Add($"checkpoints/{c.TreeSize}.tsr", t.Reply);
            }
            Add("keys/ledger-public.pem", Encoding.ASCII.GetBytes(key.PublicKeyPem + "\n"));
            foreach (var hash in blobHashes)
            {
                var entry = zip.CreateEntry($"files/{hash}", CompressionLevel.NoCompression);
                await using (var target = entry.Open())
                await using (var source = blobs.OpenRead(Core.Hashing.Sha256Hex.Parse(hash)))
                    await source.CopyToAsync(target, ct);
                manifest.Append(hash).Append("  files/").Append(hash).Append('\n'); // a blob's name is its hash
            }
            var second = events.Count > 1 ? JsonNode.Parse(events[1].Json)!["prev"]!.GetValue<string>() : null;
            Add("VERIFY.md", Encoding.UTF8.GetBytes(VerifyGuide.Write(events[0].Hash, second, signed[^1].TreeSize, signed[^1].RootHash, key.Fingerprint, stamps.Count > 0)));
            // The manifest is signed, so case.json and VERIFY.md are bound to the key as the events are.
            var manifestBytes = Encoding.ASCII.GetBytes(manifest.ToString());
            using (var s = zip.CreateEntry("manifest.sha256").Open()) s.Write(manifestBytes);
            using (var s = zip.CreateEntry("manifest.sig").Open()) s.Write(key.Sign(manifestBytes));
        }
        File.Move(temp, outputPath, overwrite: true);
        return outputPath;
    }
}
