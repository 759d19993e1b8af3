using CopyrightLedger.Core;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// <c>ledger dossier --case NAME [--work TITLE] [--lang en|zh|both] [--no-sign] --out FILE.pdf</c>: a work's dossier.
/// Unsigned, the same case state gives the same bytes; signed, it differs only in its signature.
/// </summary>
public static class DossierCommand
{
    public const string Usage = "usage: ledger dossier --case NAME [--work TITLE] [--lang en|zh|both] [--no-sign] --out FILE.pdf";

    public static async Task<int> RunAsync(string[] args)
    {
        string? caseName = null, workTitle = null, output = null;
        var options = new DossierOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--case" when i + 1 < args.Length: caseName = args[++i]; break;
                case "--work" when i + 1 < args.Length: workTitle = args[++i]; break;
                case "--lang" when i + 1 < args.Length: options = options with { Language = args[++i] }; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--no-sign": options = options with { Sign = false }; break;
                default: throw new DomainException($"unexpected argument '{args[i]}'\n{Usage}");
            }
        }
        if (caseName is null || output is null) throw new DomainException(Usage);
        _ = new DossierText(options.Language); // a wrong language fails before any work
        using var services = CliServices.Build();
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await DatabaseInitializer.MigrateAsync(dbs, default);
        Guid workId;
        await using (var db = await dbs.CreateDbContextAsync())
            workId = (await CliServices.OneWorkAsync(db, caseName, workTitle)).Id;
        await using var scope = services.CreateAsyncScope();
        var file = await scope.ServiceProvider.GetRequiredService<DossierService>().WriteAsync(Actor.CommandLine(), workId, options, output)
                   ?? throw new DomainException("no such work.");
        Console.WriteLine($"dossier written: {file.Path}\n  sha256 {file.Sha256}\n  {file.Bytes} bytes, {(file.Signed ? "signed" : "unsigned")}, recorded in the case's ledger");
        return 0;
    }
}
