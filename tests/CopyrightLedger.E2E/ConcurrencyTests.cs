namespace CopyrightLedger.E2E;

/// <summary>Several processes writing to one case at once (the app and command-line imports beside it) keep one unbroken chain.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_imports_into_one_case_all_succeed_and_the_chain_audits_clean()
    {
        var root = Directory.CreateTempSubdirectory("ledger-concurrent-").FullName;
        try
        {
            const int folders = 8;
            for (var f = 0; f < folders; f++)
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, "set", $"f{f}")).FullName;
                var runs = string.Join(",", Enumerable.Range(0, 3).Select(r =>
                    $$"""{"time":"2026-01-0{{f + 1}}T00:{{r:00}}:00Z","prompt":"folder {{f}}, a heron {{r}}","seed":{{9000 + f * 100 + r * 10}},"parameters":"Steps: 20, Seed: {seed}, Size: 128x128, Model: m","files":[{"file":"images/{{r}}.png"}]}"""));
                await File.WriteAllTextAsync(Path.Combine(dir, "generate.json"), $$"""{"runs":[{{runs}}]}""");
            }
            var env = new Dictionary<string, string> { ["Ledger__DataDirectory"] = Path.Combine(root, "data"), ["Ledger__Admin__Password"] = "Concurrency-password-1" };
            Assert.Equal(0, (await Tools.RunAsync(AppProcess.BinaryPath, env, "make-samples", Path.Combine(root, "set"))).Exit);
            var first = await Tools.RunAsync(AppProcess.BinaryPath, env, "import", Path.Combine(root, "set", "f0", "images"), "--case", "Same");
            Assert.True(first.Exit == 0, first.Output);

            var results = await Task.WhenAll(Enumerable.Range(1, folders - 1).Select(f =>
                Tools.RunAsync(AppProcess.BinaryPath, env, "import", Path.Combine(root, "set", $"f{f}", "images"), "--case", "Same")));
            Assert.All(results, r => Assert.True(r.Exit == 0, r.Output));

            var audit = await Tools.RunAsync(AppProcess.BinaryPath, env, "audit");
            Assert.True(audit.Exit == 0, audit.Output);
            var bundle = Path.Combine(root, "same.zip");
            Assert.Equal(0, (await Tools.RunAsync(AppProcess.BinaryPath, env, "bundle", "export", "--case", "Same", "--out", bundle)).Exit);
            var key = await Tools.RunAsync(AppProcess.BinaryPath, env, "key");
            var fingerprint = System.Text.RegularExpressions.Regex.Match(key.Output, "fingerprint ([0-9a-f]{64})").Groups[1].Value;
            var verify = await Tools.RunAsync(AppProcess.BinaryPath, env, "verify", bundle, "--key", fingerprint);
            Assert.True(verify.Exit == 0, verify.Output);
            Assert.Contains($"all {folders * 3} file(s) the events refer to are present", verify.Output);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Ten_command_line_imports_naming_the_same_new_case_make_one_case()
    {
        var root = Directory.CreateTempSubdirectory("ledger-one-case-").FullName;
        try
        {
            var env = new Dictionary<string, string> { ["Ledger__DataDirectory"] = Path.Combine(root, "data"), ["Ledger__Admin__Password"] = "Concurrency-password-1" };
            var folders = Enumerable.Range(0, 10).Select(i =>
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, $"in{i}")).FullName;
                File.Copy(Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images", "03-b.png"), Path.Combine(dir, "03-b.png"));
                return dir;
            }).ToList();
            // An initialised data folder (migrated, with its administrator), so only the case is new to all ten.
            Assert.Equal(0, (await Tools.RunAsync(AppProcess.BinaryPath, env, "import", folders[0], "--case", "Warm-up")).Exit);

            var results = await Task.WhenAll(folders.Select(f => Tools.RunAsync(AppProcess.BinaryPath, env, "import", f, "--case", "Brand new", "--work", "Shared")));

            Assert.All(results, r => Assert.True(r.Exit == 0, r.Output));
            var export = await Tools.RunAsync(AppProcess.BinaryPath, env, "bundle", "export", "--case", "Brand new", "--out", Path.Combine(root, "one.zip"));
            Assert.True(export.Exit == 0, export.Output); // "--case" names exactly one case, or the verb says how many share the title
            var audit = await Tools.RunAsync(AppProcess.BinaryPath, env, "audit");
            Assert.True(audit.Exit == 0, audit.Output);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
