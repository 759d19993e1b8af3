using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Samples;
using CopyrightLedger.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Data;

/// <summary>
/// Runs before the server accepts requests: applies migrations, switches the database to WAL, clears temp files
/// of interrupted uploads, creates the first admin and seeds the sample cases into an empty installation.
/// </summary>
public sealed class DatabaseInitializer(IServiceProvider services, IOptions<LedgerOptions> options, ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var dbs = sp.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await MigrateAsync(dbs, ct);
        var started = await Ledger.LedgerStart.EnsureChainsAsync(dbs, sp.GetRequiredService<TimeProvider>(), ct);
        if (started > 0) log.LogWarning("Started the ledger chain of {Count} case(s) recorded before the ledger existed.", started);
        var swept = sp.GetRequiredService<BlobStore>().SweepTemporaryFiles();
        if (swept > 0) log.LogWarning("Removed {Count} partial upload(s) left by an interrupted write.", swept);
        var staged = sp.GetRequiredService<Features.Import.ImportStaging>().SweepAbandoned(await PendingImportFoldersAsync(dbs, ct));
        if (staged > 0) log.LogWarning("Removed {Count} staging folder(s) of import(s) that failed or were interrupted.", staged);
        _ = sp.GetRequiredService<Ledger.SigningKey>(); // made at first start, owner-only, so its fingerprint can be handed out before any checkpoint
        var admin = await AdminBootstrap.EnsureAdminAsync(sp, options.Value.Admin, ct);
        if (options.Value.SeedSamples && admin is not null)
            await sp.GetRequiredService<SampleSeeder>().SeedAsync(admin, options.Value.FullSamplesDirectory, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>The staging folders that queued or running import jobs (run again after a crash) still need.</summary>
    private static async Task<IReadOnlySet<string>> PendingImportFoldersAsync(IDbContextFactory<LedgerDbContext> dbs, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var payloads = await db.Jobs.Where(j => j.Kind == Features.Import.ImportJob.JobKind && (j.Status == Jobs.JobStatus.Queued || j.Status == Jobs.JobStatus.Running))
            .Select(j => j.Payload).ToListAsync(ct);
        return payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<Features.Import.ImportJob.Payload>(p, System.Text.Json.JsonSerializerOptions.Web)?.Folder)
            .OfType<string>().Select(Path.GetFullPath).ToHashSet();
    }

    public static async Task MigrateAsync(IDbContextFactory<LedgerDbContext> dbs, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // EF Core takes a lock row in __EFMigrationsLock while migrating and waits, without limit, for any row it
        // finds. A process killed while migrating leaves its row behind, and every later start would hang on it (the
        // crash tests found this). So nothing is locked when nothing is pending, and a row found before migrating is
        // taken to be a dead process's: one data folder has one app, and two upgrades started at the same instant
        // would end in an error from the second, not in damage (each migration runs in its own transaction).
        if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any()) { await EnableWalAsync(db, ct); return; }
        await ClearDeadMigrationLockAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        await EnableWalAsync(db, ct);
    }

    private static async Task ClearDeadMigrationLockAsync(LedgerDbContext db, CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'").SingleAsync(ct);
        if (exists > 0) await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsLock\"", ct);
    }

    private static async Task EnableWalAsync(LedgerDbContext db, CancellationToken ct)
    {
        // WAL lets readers go on while a writer commits; the setting is stored in the file itself.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
