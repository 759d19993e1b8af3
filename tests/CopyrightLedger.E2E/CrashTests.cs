using System.Diagnostics;
using System.Text;

namespace CopyrightLedger.E2E;

/// <summary>
/// The published binary killed with SIGKILL at random moments of imports and exports, many times over one data
/// folder: afterwards the database passes SQLite's integrity check, every chain holds and matches the tables, no
/// event refers to a missing file, and no bundle is left half-written under its final name.
/// </summary>
public sealed class CrashTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static Dictionary<string, string> Settings(string data) =>
        new() { ["Ledger__DataDirectory"] = Path.Combine(data, "data"), ["Ledger__Admin__Password"] = "Crash-test-password-1" };

    private static async Task<(int Code, string Output)> RunAsync(string data, params string[] args) =>
        await Tools.RunAsync(AppProcess.BinaryPath, Settings(data), args);

    private static Process Start(string data, string[] args)
    {
        var psi = new ProcessStartInfo(AppProcess.BinaryPath, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in Settings(data)) psi.Environment[key] = value;
        return Process.Start(psi)!;
    }

    /// <summary>Starts the binary and kills it (SIGKILL) after a random delay; true when it was still running.</summary>
    private static async Task<bool> KillDuringAsync(string data, TimeSpan after, params string[] args)
    {
        using var p = Start(data, args);
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        var exited = await Task.WhenAny(p.WaitForExitAsync(), Task.Delay(after)) is { IsCompletedSuccessfully: true } t && p.HasExited;
        if (!p.HasExited) p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
        return !exited;
    }

    [Fact]
    public async Task Killing_imports_exports_and_dossiers_at_random_never_leaves_broken_evidence()
    {
        var root = Directory.CreateTempSubdirectory("ledger-crash-").FullName;
        try
        {
            // 120 PNGs with A1111 metadata, drawn by the binary's own sample generator.
            var set = Path.Combine(root, "set", "outputs");
            Directory.CreateDirectory(set);
            var runs = string.Join(",", Enumerable.Range(0, 30).Select(r =>
                $$"""{"time":"2026-01-01T00:{{r:00}}:00Z","prompt":"a crane, ink {{r}}","seed":{{1000 + r * 10}},"parameters":"Steps: 20, Seed: {seed}, Size: 256x256, Model: m","files":[{{string.Join(",", Enumerable.Range(0, 4).Select(c => $$"""{"file":"images/{{r:000}}-{{c}}.png"}"""))}}]}"""));
            await File.WriteAllTextAsync(Path.Combine(set, "generate.json"), $$"""{"runs":[{{runs}}]}""");
            Assert.Equal(0, (await RunAsync(root, "make-samples", Path.Combine(root, "set"))).Code);
            var images = Path.Combine(set, "images");

            var random = new Random(30);
            var killed = 0;
            // Each import goes to a case of its own, so every run does the whole work and is still going when killed.
            Assert.Equal(0, (await RunAsync(root, "import", images, "--case", "Crash")).Code);
            for (var i = 0; i < 12; i++)
                if (await KillDuringAsync(root, TimeSpan.FromMilliseconds(random.Next(150, 1200)), "import", images, "--case", $"Crash {i}")) killed++;
            var fingerprint = System.Text.RegularExpressions.Regex.Match((await RunAsync(root, "key")).Output, "fingerprint ([0-9a-f]{64})").Groups[1].Value;
            for (var i = 0; i < 8; i++)
            {
                var target = Path.Combine(root, $"bundle-{i}.zip");
                if (await KillDuringAsync(root, TimeSpan.FromMilliseconds(random.Next(150, 600)), "bundle", "export", "--case", "Crash", "--out", target)) killed++;
                // Under its final name there is either nothing or a whole, intact bundle.
                if (File.Exists(target)) Assert.Equal(0, (await RunAsync(root, "verify", target, "--key", fingerprint)).Code);
            }
            var dossiers = 0;
            for (var i = 0; i < 6; i++)
            {
                var target = Path.Combine(root, $"dossier-{i}.pdf");
                if (await KillDuringAsync(root, TimeSpan.FromMilliseconds(random.Next(500, 4000)), "dossier", "--case", "Crash", "--no-sign", "--out", target)) killed++;
                // Under its final name there is either nothing or a whole PDF (a dossier takes about 2.5 s here: some finish).
                if (File.Exists(target)) { Assert.Equal(0, (await Tools.RunAsync("qpdf", "--check", target)).Exit); dossiers++; }
            }
            log.WriteLine($"{killed} of 26 runs killed while still working; {dossiers} dossier(s) finished and checked whole");
            Assert.True(killed >= 15, $"only {killed} of 26 runs were still going when killed: the test proves little");

            // What is left must hold: audit everything, export and verify.
            var audit = await RunAsync(root, "audit");
            Assert.True(audit.Code == 0, audit.Output);
            Assert.Contains("PRAGMA integrity_check says ok", audit.Output);
            var final = Path.Combine(root, "final.zip");
            Assert.Equal(0, (await RunAsync(root, "bundle", "export", "--case", "Crash", "--out", final)).Code);
            var verify = await RunAsync(root, "verify", final, "--key", fingerprint);
            Assert.True(verify.Code == 0, verify.Output);
            Assert.Contains("all 120 file(s) the events refer to are present", verify.Output);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
