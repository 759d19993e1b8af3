using CopyrightLedger.Core;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// <c>ledger audit</c>: checks the installation chain, and for every case of the data folder its chain and replays it against the tables (as
/// the Integrity tab does), and runs SQLite's own <c>PRAGMA integrity_check</c>. Exit 0 only when all hold.
/// </summary>
public static class AuditCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0) throw new DomainException("usage: ledger audit");
        using var services = CliServices.Build();
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await DatabaseInitializer.MigrateAsync(dbs, default);
        var failures = 0;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var check = await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync();
            var ok = check is ["ok"];
            Console.WriteLine($"  {(ok ? "ok  " : "FAIL")}  database: PRAGMA integrity_check says {string.Join("; ", check)}");
            if (!ok) failures++;
        }
        List<(Guid Id, string Title)> cases;
        await using (var db = await dbs.CreateDbContextAsync())
            cases = (await db.Cases.AsNoTracking().Select(c => new { c.Id, c.Title }).ToListAsync()).Select(c => (c.Id, c.Title)).ToList();
        await using var scope = services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<LedgerAudit>();
        var reports = new List<(string Title, ChainReport Report)> { ("installation (sign-ins, accounts)", await audit.CheckInstallationAsync()) };
        foreach (var (id, title) in cases) reports.Add((title, await audit.CheckCaseAsync(id)));
        foreach (var (title, report) in reports)
        {
            Console.WriteLine($"  {(report.Intact ? "ok  " : "FAIL")}  {title}: {report.Events} event(s)");
            foreach (var p in report.ChainProblems.Concat(report.RowProblems)) Console.WriteLine("          " + p);
            if (!report.Intact) failures++;
        }
        Console.WriteLine(failures == 0 ? "intact" : $"NOT intact: {failures} problem(s)");
        return failures == 0 ? 0 : 1;
    }
}
