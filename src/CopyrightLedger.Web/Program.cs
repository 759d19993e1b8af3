using CopyrightLedger.Web;

// `ledger VERB ...`: the command-line verbs run without starting the web host, so they start fast.
if (Cli.IsVerb(args)) return await Cli.RunAsync(args);

var app = LedgerApp.Build(Cli.ServeArguments(args));
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
