using System.Security.Cryptography;
using System.Text;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Samples;

/// <summary>
/// Gives the administrator the sample cases in <c>samples/</c>. Each sample's case id is derived from its folder
/// name, so a second start finds it already there and adds nothing.
/// </summary>
public sealed class SampleSeeder(IDbContextFactory<LedgerDbContext> dbs, CaseFolderImporter importer, ILogger<SampleSeeder> log)
{
    public async Task<int> SeedAsync(AppUser owner, string samplesDirectory, CancellationToken ct)
    {
        if (!Directory.Exists(samplesDirectory))
        {
            log.LogWarning("No sample cases: {Folder} does not exist.", samplesDirectory);
            return 0;
        }
        var added = 0;
        foreach (var folder in Directory.EnumerateDirectories(samplesDirectory).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, "case.json"))) continue;
            var id = SampleCaseId(Path.GetFileName(folder));
            await using (var db = await dbs.CreateDbContextAsync(ct))
                if (await db.Cases.AnyAsync(c => c.Id == id, ct)) continue;
            await importer.ImportAsync(folder, id, owner.Id, ct);
            log.LogInformation("Seeded sample case {Folder}.", Path.GetFileName(folder));
            added++;
        }
        return added;
    }

    /// <summary>A stable id per sample folder name (a name-based, RFC 9562 version 8 UUID).</summary>
    public static Guid SampleCaseId(string folderName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("copyrightledger:sample:" + folderName));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
