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
}
