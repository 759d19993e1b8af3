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
        var path = await scope.ServiceProvider.GetRequiredService<BundleExporter>().ExportAsync(caseId, Actor.CommandLine().Named, Path.GetFullPath(output));
        Console.WriteLine($"bundle written: {path}");
        return 0;
    }

    private const string VerifyUsage = "usage: ledger verify BUNDLE.zip [--key FINGERPRINT|KEY.pem] [--since EARLIER.zip|CHECKPOINT.txt|SIZE:ROOT] [--tsa-ca ROOTS.pem]   |   ledger verify --chain EVENTS.jsonl";

    /// <summary>
    /// <c>ledger verify</c>: exit 0 when intact and signed by the pinned key, 3 when intact but no key was given to
    /// compare with, 1 when not intact, 2 on a usage error (docs/SECURITY.md).
    /// </summary>
    public static Task<int> VerifyAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == "--chain") return Task.FromResult(VerifyChainFile(args[1]));
        string? bundle = null, pin = null, since = null, tsaCa = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--key" && i + 1 < args.Length) pin = args[++i];
            else if (args[i] == "--since" && i + 1 < args.Length) since = args[++i];
            else if (args[i] == "--tsa-ca" && i + 1 < args.Length) tsaCa = args[++i];
            else if (bundle is null && !args[i].StartsWith("--", StringComparison.Ordinal)) bundle = args[i];
            else throw new DomainException(VerifyUsage);
        }
        if (bundle is null) throw new DomainException(VerifyUsage);
        if (!File.Exists(bundle)) throw new DomainException($"{bundle}: no such file.");
        var options = new VerifyOptions { PinnedKey = pin is null ? null : KeyPin.Parse(pin) };
        if (tsaCa is not null)
        {
            if (!File.Exists(tsaCa)) throw new DomainException($"{tsaCa}: no such file.");
            if (new FileInfo(tsaCa).Length > TsaRoots.MaxPemChars) throw new DomainException($"{tsaCa}: too large for a list of root certificates.");
            options = options with { TsaRoots = TsaRoots.FromPem(File.ReadAllText(tsaCa)) ?? throw new DomainException($"{tsaCa}: holds no certificate in PEM.") };
        }
        if (since is not null)
            options = options with { Since = EarlierCheckpoint.Resolve(since, options) ?? throw new DomainException($"--since {since}: not a bundle, a checkpoint text or SIZE:ROOT.") };

        var report = BundleVerifier.Verify(bundle, options);
        Console.WriteLine(report.Headline);
        Console.WriteLine(report.TimeLine);
        foreach (var p in report.Passed) Console.WriteLine("  ok    " + p);
        foreach (var f in report.Flags) Console.WriteLine("  FLAG  " + f);
        foreach (var f in report.Failed) Console.WriteLine("  FAIL  " + f);
        Console.WriteLine(report.Headline);
        return Task.FromResult(report.ExitCode);
    }

    /// <summary><c>ledger key</c>: the installation's key fingerprint and public key, to hand to whoever will check its bundles.</summary>
    public static Task<int> KeyAsync(string[] args)
    {
        if (args.Length != 0) throw new DomainException("usage: ledger key");
        using var services = CliServices.Build();
        var key = services.GetRequiredService<SigningKey>();
        Console.WriteLine($"fingerprint {key.Fingerprint}");
        Console.WriteLine(key.PublicKeyPem);
        return Task.FromResult(0);
    }

    /// <summary>Checks only the links of a chain file, at hashing speed (<see cref="Core.Ledger.ChainScanner"/>).</summary>
    private static int VerifyChainFile(string path)
    {
        if (!File.Exists(path)) throw new DomainException($"{path}: no such file.");
        if (new FileInfo(path).Length == 0) throw new DomainException($"{path} is empty.");
        Span<byte> head = stackalloc byte[4];
        using (var file = File.OpenRead(path))
            if (file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8))
                throw new DomainException($"{path} is a zip, and --chain reads an events.jsonl. Check a bundle with: ledger verify BUNDLE.zip --key FINGERPRINT");
        using var mapped = new MappedFile(path);
        var result = Core.Ledger.ChainScanner.Scan(mapped.Memory, hashers: NativeSha256.IsAvailable ? () => new NativeSha256() : null);
        foreach (var p in result.Problems) Console.WriteLine("  FAIL  " + p);
        Console.WriteLine(result.Problems.Count == 0 ? $"chain intact: {result.Events} event(s), last hash {result.LastHash}" : "chain NOT intact");
        return result.Problems.Count == 0 ? 0 : 1;
    }
}
