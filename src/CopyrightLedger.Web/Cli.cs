using CopyrightLedger.Core.Samples;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web;

/// <summary>
/// The verbs of <c>./ledger</c> other than <c>serve</c>. They run before (and without) the web host, so a verb
/// starts in a fraction of a second. Errors are one line on stderr and a non-zero exit, never a stack trace.
/// </summary>
public static class Cli
{
    private static readonly Dictionary<string, (string Help, Func<string[], Task<int>> Run)> Verbs = new()
    {
        ["inspect"] = ("inspect [--json] PATH...     what files say about how they were made (folders recursively)", Features.Import.InspectCommand.RunAsync),
        ["import"] = ("import PATH --case NAME [--work TITLE]  import a folder of outputs into a case (created if missing);\n                               import CASE-FOLDER  a folder with case.json becomes a new case", Features.Import.ImportCommand.RunAsync),
        ["bundle"] = ("bundle export --case NAME --out FILE.zip   write a case's evidence bundle (see its VERIFY.md)", Ledger.BundleCommands.BundleAsync),
        ["verify"] = ("verify BUNDLE.zip [--key FINGERPRINT|KEY.pem] [--since EARLIER.zip|CHECKPOINT.txt|SIZE:ROOT] [--tsa-ca ROOTS.pem]\n                               check a bundle: files, chain, signatures, coverage, time-stamps, key; exit 0 intact with\n                               the key you gave, 3 intact but key not compared, 1 not intact, 2 usage (docs/SECURITY.md)", Ledger.BundleCommands.VerifyAsync),
        ["key"] = ("key                          the installation's signing key: its SHA-256 fingerprint and public key", Ledger.BundleCommands.KeyAsync),
        ["audit"] = ("audit                        check every case's chain against the tables, and the database file itself", Ledger.AuditCommand.RunAsync),
        ["dossier"] = ("dossier --case NAME [--work TITLE] [--lang en|zh|both] [--no-sign] --out FILE.pdf   a work's PDF dossier, originals attached", Features.Dossier.DossierCommand.RunAsync),
        ["assess"] = ("assess --case NAME [--work TITLE] [--profile cn-bic|us-usco] [--json]   weigh a work's recorded evidence", Features.Assessment.AssessCommand.RunAsync),
        ["user"] = ("user disable|enable|reset-password|role EMAIL [ROLES]   withdraw or change an account's access (docs/SECURITY.md)", Accounts.AccessCommands.UserAsync),
        ["member"] = ("member remove|role --case NAME EMAIL [ROLE]   remove a case's member or change their role", Accounts.AccessCommands.MemberAsync),
        ["make-samples"] = ("make-samples [SAMPLES_DIR]   regenerate the sample PNGs from each samples/*/generate.json", MakeSamples),
        ["schema-script"] = ("schema-script                print the SQL schema of the current model (for writing a migration)", SchemaScript),
        ["help"] = ("help                         this text", _ => Task.FromResult(Help())),
    };

    public static bool IsVerb(string[] args) => args.Length > 0 && (Verbs.ContainsKey(args[0]) || args[0] is "--help" or "-h");

    /// <summary>Arguments for the web host: <c>serve</c> is the default verb and is dropped.</summary>
    public static string[] ServeArguments(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] is "--help" or "-h") return Help();
        try
        {
            return await Verbs[args[0]].Run(args[1..]);
        }
        catch (Exception e) when (e is Core.DomainException or IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"ledger {args[0]}: {e.Message}");
            return 2;
        }
    }

    private static int Help()
    {
        Console.WriteLine("usage: ledger VERB [ARGS]\n\n  serve [--urls URL]           run the web app (default http://127.0.0.1:5000, data in ./data)");
        foreach (var (_, (help, _)) in Verbs) Console.WriteLine("  " + help);
        return 0;
    }

    private static Task<int> MakeSamples(string[] args)
    {
        var root = args.Length > 0 ? args[0] : "samples";
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(dir, "generate.json"))) continue;
            var written = SampleImages.Generate(dir);
            Console.WriteLine($"{dir}: {written.Count} image(s)");
        }
        return Task.FromResult(0);
    }

    private static Task<int> SchemaScript(string[] args)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new LedgerDbContext(options);
        Console.WriteLine(db.Database.GenerateCreateScript());
        return Task.FromResult(0);
    }
}
