using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// <c>ledger import PATH --case NAME [--work TITLE]</c>: imports a folder without the web app. The ledger names the
/// command line as every verb does (<see cref="Actor.CommandLine"/>, docs/LEDGER.md); a case it creates is owned by
/// the first administrator, so someone can open it in the app. On an empty data folder the administrator is created
/// first, as <c>serve</c> would. The case is found by title or created; the work likewise (default: the folder's or
/// zip's name). A zip is unpacked within the limits of docs/SECURITY.md first. Prints the summary and every flag. A
/// folder or zip holding a case folder (docs/CASE-FOLDER.md) is read as one either way: without <c>--case</c> it
/// becomes a new case, with it its record goes into the case named.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var services = CliServices.Build();
        return await RunAsync(services, args);
    }

    /// <summary>The verb on the services given (the command line's own, or a test's app).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var (path, caseName, workTitle) = Parse(args);
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await DatabaseInitializer.MigrateAsync(dbs, default);
        await using (var scope = services.CreateAsyncScope())
            await AdminBootstrap.EnsureAdminAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LedgerOptions>>().Value.Admin, default);
        var clock = TimeProvider.System;
        await using var adminDb = await dbs.CreateDbContextAsync();
        var admin = await AdministratorAsync(adminDb);
        var (folder, refused, staged) = Stage(services, path);
        ImportSummary summary;
        try
        {
            // A folder (or zip) holding a case.json is a case folder, with --case or without (docs/CASE-FOLDER.md).
            var root = CaseFolderImporter.FindRoot(folder);
            if (caseName is null && root is null) throw new DomainException($"{path} has no case.json: name the case with --case NAME.");
            await using var scope = services.CreateAsyncScope();
            var caseFolders = scope.ServiceProvider.GetRequiredService<CaseFolderImporter>();
            if (caseName is null)
            {
                var id = await caseFolders.ImportAsync(folder, Guid.CreateVersion7(), admin.Id, actor: Actor.CommandLine().Named);
                Console.WriteLine($"case folder imported as case {id}");
                return 0;
            }
            var known = (await CliServices.CasesNamedAsync(adminDb, caseName)).Select(c => (Guid?)c.Id).FirstOrDefault();
            var work = workTitle ?? Path.GetFileNameWithoutExtension(Path.GetFullPath(path).TrimEnd('/'));
            summary = root is not null
                ? await caseFolders.ImportAsync(folder, root, known, (db, manifest) =>
                    FindOrCreateAsync(db, clock, admin, caseName, workTitle ?? manifest.Work?.Title ?? manifest.Title, manifest, caseFolders), Actor.CommandLine().Named, new ConsoleProgress(), refused)
                : await scope.ServiceProvider.GetRequiredService<BulkImporter>().ImportAsync(folder, known, db => FindOrCreateAsync(db, clock, admin, caseName, work),
                    new ConsoleProgress(), Actor.CommandLine().Named, refusedBefore: refused);
        }
        finally
        {
            if (staged) services.GetRequiredService<ImportStaging>().Remove(folder);
        }
        Console.Error.WriteLine();
        Console.WriteLine($"{summary.Files} file(s): {summary.NewFiles} new, {summary.Duplicates} duplicate(s); {summary.Iterations} iteration(s), {summary.Inputs} input link(s), {summary.Edits} edit(s)");
        foreach (var flag in summary.Flags) Console.WriteLine("  flag: " + flag);
        return 0;
    }

    private static async Task<AppUser> AdministratorAsync(LedgerDbContext db) =>
        await (from u in db.Users
               join ur in db.UserRoles on u.Id equals ur.UserId
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Admin
               select u).FirstOrDefaultAsync()
        ?? throw new DomainException("this data folder has users but no administrator; import as an administrator from the app instead.");

    private static (string Path, string? Case, string? Work) Parse(string[] args)
    {
        string? path = null, caseName = null, work = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--case" when i + 1 < args.Length: caseName = args[++i]; break;
                case "--work" when i + 1 < args.Length: work = args[++i]; break;
                default:
                    if (path is not null || args[i].StartsWith("--", StringComparison.Ordinal)) throw new DomainException($"unexpected argument '{args[i]}'");
                    path = args[i];
                    break;
            }
        }
        if (path is null) throw new DomainException("usage: ledger import PATH --case NAME [--work TITLE]   (or PATH alone for a case folder with case.json)");
        if (!Directory.Exists(path) && !(File.Exists(path) && path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)))
            throw new DomainException($"{path}: no such folder or zip.");
        return (path, caseName, work);
    }

    /// <summary>A zip is unpacked into a staging folder of this process (removed afterwards); a folder is read where it is.</summary>
    private static (string Folder, IReadOnlyList<string> Refused, bool Staged) Stage(IServiceProvider services, string path)
    {
        if (Directory.Exists(path)) return (Path.GetFullPath(path), [], false);
        var staging = services.GetRequiredService<ImportStaging>();
        var folder = staging.NewFolder(Environment.ProcessId);
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(path));
            File.Copy(path, copy);
            return (folder, staging.Unpack(copy, folder), true);
        }
        catch
        {
            staging.Remove(folder);
            throw;
        }
    }

    /// <summary>
    /// Called under the write lock, in the import's transaction: the case and work are found, or added unsaved, so a
    /// failed import creates neither and parallel imports naming one new case make one case (docs/SECURITY.md).
    /// </summary>
    /// <param name="manifest">A case folder's record: a new case takes its jurisdiction and description, a new work its medium and authors.</param>
    private static async Task<(Guid Case, Guid Work)> FindOrCreateAsync(LedgerDbContext db, TimeProvider clock, AppUser admin, string caseName, string workTitle,
        Core.CaseFolders.CaseManifest? manifest = null, CaseFolderImporter? caseFolders = null)
    {
        var now = UtcTime.Now(clock);
        // A case that does not exist yet is created: only more than one match is an error here.
        var matches = await CliServices.CasesNamedAsync(db, caseName);
        var theCase = matches.Count > 1 ? await CliServices.OneCaseNamedAsync(db, caseName) : matches.SingleOrDefault();
        if (theCase is null)
        {
            theCase = new Case(Guid.CreateVersion7(clock.GetUtcNow()), caseName, manifest?.Jurisdiction ?? JurisdictionProfile.Default, now);
            if (manifest is not null) theCase.Describe(manifest.Description);
            theCase.AddMember(admin.Id, CaseRole.Owner);
            db.Cases.Add(theCase);
        }
        var work = (await db.Works.Where(w => w.CaseId == theCase.Id).ToListAsync()).FirstOrDefault(w => string.Equals(w.Title, workTitle, StringComparison.OrdinalIgnoreCase));
        if (work is null)
        {
            work = manifest is not null && caseFolders is not null ? caseFolders.NewWork(manifest, theCase.Id, workTitle)
                : new Work(Guid.CreateVersion7(clock.GetUtcNow()), theCase.Id, workTitle, Medium.Image, "", now);
            db.Works.Add(work);
        }
        return (theCase.Id, work.Id);
    }

    private sealed class ConsoleProgress : Jobs.IJobProgress
    {
        private long _last;

        public void Report(int done, int total, string message)
        {
            var now = Environment.TickCount64;
            if (now - _last < 200 && done < total) return;
            _last = now;
            Console.Error.Write($"\r{done}/{total} {(message.Length > 60 ? message[..60] : message),-60}");
        }
    }
}
