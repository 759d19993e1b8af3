using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>Evidence bundles: what VERIFY.md says works as written, and any single changed byte is caught.</summary>
public sealed class BundleTests(ExportedBundle bundle) : IClassFixture<ExportedBundle>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ExportSample()
    {
        var path = Path.Combine(_dir.Path, "li.zip");
        File.Copy(bundle.Path, path);
        return path;
    }

    [Fact]
    public async Task An_exported_bundle_verifies_and_every_command_of_its_verify_md_works_as_written()
    {
        var path = ExportSample();
        var report = BundleVerifier.Verify(path);
        Assert.True(report.Intact, string.Join("\n", report.Failed));
        Assert.Equal(BundleVerdict.IntactKeyNotCompared, report.Verdict);
        Assert.Contains(report.Passed, p => p == "VERIFY.md: the guide for this bundle's own values");

        var folder = Path.Combine(_dir.Path, "unzipped");
        ZipFile.ExtractToDirectory(path, folder);
        var guide = File.ReadAllText(Path.Combine(folder, "VERIFY.md"));
        var blocks = Regex.Matches(guide, "```sh\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 6, "VERIFY.md lost its commands");
        var checkpoint = File.ReadAllText(Directory.GetFiles(Path.Combine(folder, "checkpoints"), "*.txt")
            .OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).Last()); // VERIFY.md works on the latest
        var root = Regex.Match(checkpoint, "root ([0-9a-f]{64})").Groups[1].Value;

        var fingerprint = bundle.Fingerprint;
        Assert.StartsWith(fingerprint, Bash(blocks[0], folder).Trim());         // openssl pkey | sha256sum: the key's fingerprint
        Assert.Equal(report.KeyFingerprint, fingerprint);
        var files = Bash(blocks[1], folder);                                     // the manifest's signature, then sha256sum -c
        Assert.StartsWith("Verified OK", files);
        Assert.DoesNotContain("FAILED", files);
        var chain = Bash(blocks[2], folder);                                     // the chain walk
        Assert.DoesNotContain("broken link", chain);
        Assert.Contains("last event hash:", chain);
        Assert.Contains("Verified OK", Bash(blocks[3], folder));               // openssl dgst -verify
        Assert.Equal(root, Bash(blocks[4], folder).Trim());                      // the Merkle root in python3
        // The time-stamp commands as written, with the authority's root beside them.
        File.Copy(bundle.TsaCaFile, Path.Combine(folder, "tsa-root.pem"));
        var stamped = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(folder, "checkpoints"), "*.tsr").Order(StringComparer.Ordinal).First()); // the export's own checkpoint may be stamped in time too
        var stamps = Bash(blocks[5], folder);
        Assert.Contains("Verification: OK", stamps);
        Assert.DoesNotContain("FAILED", stamps, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(report.Passed, p => p.StartsWith($"checkpoints/{stamped}.tsr: time-stamped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checking_only_the_chain_of_a_bundle_zip_is_a_usage_error_that_names_the_right_command()
    {
        // --chain reads an events.jsonl: given the zip, it used to report every line of it a broken link and an intact bundle NOT intact.
        var error = await Assert.ThrowsAsync<Core.DomainException>(() => BundleCommands.VerifyAsync(["--chain", ExportSample()]));
        Assert.Contains("ledger verify BUNDLE.zip", error.Message);
    }

    [Fact]
    public async Task A_thousand_single_byte_changes_across_every_kind_of_file_are_all_caught()
    {
        var path = ExportSample();
        Dictionary<string, byte[]> original;
        using (var zip = ZipFile.OpenRead(path))
            original = zip.Entries.ToDictionary(e => e.FullName, e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return m.ToArray(); });
        var names = original.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Contains(names, n => n.StartsWith("files/", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith(".sig", StringComparison.Ordinal));

        var random = new Random(4);
        var kinds = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var name = names[i % names.Count]; // every file in turn, so every kind is hit many times
            var bytes = (byte[])original[name].Clone();
            var at = random.Next(bytes.Length);
            bytes[at] ^= (byte)random.Next(1, 256);
            using var changed = new MemoryStream();
            using (var zip = new ZipArchive(changed, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var n in names)
                    using (var s = zip.CreateEntry(n).Open()) s.Write(n == name ? bytes : original[n]);
            changed.Position = 0;
            var report = BundleVerifier.Verify(changed, $"case {i}");
            Assert.False(report.Intact, $"a change of byte {at} of {name} went unnoticed");
            kinds.Add(name.StartsWith("files/", StringComparison.Ordinal) ? "files/" : name.StartsWith("checkpoints/", StringComparison.Ordinal) ? Path.GetExtension(name) : name);
        }
        Assert.Superset(new HashSet<string> { "files/", ".txt", ".sig", ".tsr", "events.jsonl", "manifest.sha256", "manifest.sig", "keys/ledger-public.pem", "VERIFY.md", "case.json" }, kinds);
    }

    [Fact]
    public async Task The_command_line_verify_exits_non_zero_and_names_the_file()
    {
        var path = ExportSample();
        var bad = Path.Combine(_dir.Path, "bad.zip");
        using (var source = ZipFile.OpenRead(path))
        using (var target = ZipFile.Open(bad, ZipArchiveMode.Create))
            foreach (var e in source.Entries)
            {
                using var from = e.Open();
                using var to = target.CreateEntry(e.FullName).Open();
                if (e.FullName.StartsWith("files/", StringComparison.Ordinal)) to.Write([1, 2, 3]); else from.CopyTo(to);
            }
        var report = BundleVerifier.Verify(bad);
        Assert.False(report.Intact);
        Assert.Contains(report.Failed, f => f.StartsWith("files/", StringComparison.Ordinal));
    }

    private static string Bash(string script, string folder) => Tools.Run("bash", ["-c", script], folder).Output;
}
