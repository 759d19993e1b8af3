using CopyrightLedger.Web.Features.Import;

namespace CopyrightLedger.Web;

/// <summary>
/// The services a command-line verb needs, without the web host: the same configuration sources as the app
/// (environment <c>Ledger__*</c>, <c>appsettings.json</c> beside the binary), the database, the blob store and the
/// importers. Only warnings are logged, to stderr, so a verb's output stays clean.
/// </summary>
public static class CliServices
{
    public static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning));
        services.AddLedgerCore(configuration);
        services.AddLedgerAccounts(); // so a verb on an empty data folder can create the administrator as serve would
        services.AddLedgerJobs();     // jobs a verb queues (a time-stamp request) run when the app next runs
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = false });
    }

    /// <summary>The cases a verb's <c>--case</c> names: by title (any case) or by id.</summary>
    public static async Task<List<Core.Cases.Case>> CasesNamedAsync(Data.LedgerDbContext db, string name) =>
        (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Cases))
            .Where(c => string.Equals(c.Title, name, StringComparison.OrdinalIgnoreCase) || c.Id.ToString("D") == name).ToList();

    /// <summary>The one case <c>--case</c> names, or an error saying why there is none or more than one.</summary>
    public static async Task<Core.Cases.Case> OneCaseNamedAsync(Data.LedgerDbContext db, string name)
    {
        var matches = await CasesNamedAsync(db, name);
        return matches.Count == 1 ? matches[0]
            : throw new Core.DomainException(matches.Count == 0 ? $"no case is titled '{name}'." : $"{matches.Count} cases are titled '{name}': name one by its id ({string.Join(", ", matches.Select(c => c.Id))}).");
    }

    /// <summary>The work <c>--work</c> names in the case <c>--case</c> names; without <c>--work</c>, the case's only work.</summary>
    public static async Task<Core.Evidence.Work> OneWorkAsync(Data.LedgerDbContext db, string caseName, string? workTitle)
    {
        var theCase = await OneCaseNamedAsync(db, caseName);
        var works = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Works.Where(w => w.CaseId == theCase.Id)));
        var matches = workTitle is null ? works : works.Where(w => string.Equals(w.Title, workTitle, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0]
            : throw new Core.DomainException(matches.Count == 0 ? "no such work in the case." : $"the case has {matches.Count} works: name one with --work.");
    }
}
