using CopyrightLedger.Core;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary><c>ledger bundle export --case NAME --out FILE.zip</c> and <c>ledger verify BUNDLE.zip</c>.</summary>
public static class BundleCommands
{
    public static async Task<int> BundleAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "export") throw new DomainException("usage: ledger bundle export --case NAME --out FILE.zip");
        string? caseName = null, output = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--case" && i + 1 < args.Length) caseName = args[++i];
            else if (args[i] == "--out" && i + 1 < args.Length) output = args[++i];
            else throw new DomainException($"unexpected argument '{args[i]}'");
        }
        if (caseName is null || output is null) throw new DomainException("usage: ledger bundle export --case NAME --out FILE.zip");
        using var services = CliServices.Build();
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await DatabaseInitializer.MigrateAsync(dbs, default);
        Guid caseId;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            caseId = (await CliServices.OneCaseNamedAsync(db, caseName)).Id;
        }
        await using var scope = services.CreateAsyncScope();
        var path = await scope.ServiceProvider.GetRequiredService<BundleExporter>().ExportAsync(caseId, ("command-line", Environment.UserName + " (command line)"), Path.GetFullPath(output));
        Console.WriteLine($"bundle written: {path}");
        return 0;
    }

    public static Task<int> VerifyAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == "--chain") return Task.FromResult(VerifyChainFile(args[1]));
        if (args.Length != 1) throw new DomainException("usage: ledger verify BUNDLE.zip   |   ledger verify --chain EVENTS.jsonl");
        if (!File.Exists(args[0])) throw new DomainException($"{args[0]}: no such file.");
        var report = BundleVerifier.Verify(args[0]);
        foreach (var p in report.Passed) Console.WriteLine("  ok    " + p);
        foreach (var f in report.Failed) Console.WriteLine("  FAIL  " + f);
        Console.WriteLine(report.Intact ? "intact" : $"NOT intact: {report.Failed.Count} problem(s)");
        return Task.FromResult(report.Intact ? 0 : 1);
    }

    /// <summary>Checks only the links of a chain file, at hashing speed (<see cref="Core.Ledger.ChainScanner"/>).</summary>
    private static int VerifyChainFile(string path)
    {
        if (!File.Exists(path)) throw new DomainException($"{path}: no such file.");
        if (new FileInfo(path).Length == 0) throw new DomainException($"{path} is empty.");
        using var mapped = new MappedFile(path);
        var result = Core.Ledger.ChainScanner.Scan(mapped.Memory, hashers: NativeSha256.IsAvailable ? () => new NativeSha256() : null);
        foreach (var p in result.Problems) Console.WriteLine("  FAIL  " + p);
        Console.WriteLine(result.Problems.Count == 0 ? $"chain intact: {result.Events} event(s), last hash {result.LastHash}" : "chain NOT intact");
        return result.Problems.Count == 0 ? 0 : 1;
    }
}
