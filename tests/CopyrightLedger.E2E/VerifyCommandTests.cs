using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CopyrightLedger.E2E;

/// <summary>Two real bundles of one case made by the binary, the later one with more evidence, and the key that signed both.</summary>
public sealed class TwoBundles : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("ledger-verify-").FullName;
    public Dictionary<string, string> Env => new() { ["Ledger__DataDirectory"] = Path.Combine(Root, "data"), ["Ledger__Admin__Password"] = "Verify-password-1" };
    public string Earlier => Path.Combine(Root, "earlier.zip");
    public string Later => Path.Combine(Root, "later.zip");
    public string Fingerprint { get; private set; } = "";
    public string PublicKeyFile => Path.Combine(Root, "ledger-public.pem");

    public async Task InitializeAsync()
    {
        await Must("import", Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images"), "--case", "Verify");
        await Must("bundle", "export", "--case", "Verify", "--out", Earlier);
        await Must("import", Path.Combine(AppProcess.RepoRoot, "samples", "wuhan-scroll", "images"), "--case", "Verify");
        await Must("bundle", "export", "--case", "Verify", "--out", Later);
        var key = await Must("key");
        Fingerprint = Regex.Match(key, "fingerprint ([0-9a-f]{64})").Groups[1].Value;
        await File.WriteAllTextAsync(PublicKeyFile, key[key.IndexOf("-----BEGIN", StringComparison.Ordinal)..]);
    }

    private async Task<string> Must(params string[] args)
    {
        var (exit, output) = await Tools.RunAsync(AppProcess.BinaryPath, Env, args);
        Assert.True(exit == 0, $"ledger {string.Join(' ', args)}: {output}");
        return output;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary><c>ledger verify</c> as a reader runs it: exit codes, pins, earlier copies, and bundles built to exhaust it.</summary>
public sealed class VerifyCommandTests(TwoBundles b, ITestOutputHelper log) : IClassFixture<TwoBundles>
{
    private Task<(int Exit, string Output)> Verify(params string[] args) => Tools.RunAsync(AppProcess.BinaryPath, b.Env, ["verify", .. args]);

    [Fact]
    public async Task Exit_codes_tell_intact_with_the_key_given_from_intact_unpinned_not_intact_and_usage()
    {
        var unpinned = await Verify(b.Later);
        Assert.True(unpinned.Exit == 3, unpinned.Output);
        Assert.StartsWith($"intact, signed by key {b.Fingerprint}; not compared with a known key", unpinned.Output);

        var pinned = await Verify(b.Later, "--key", b.Fingerprint);
        Assert.True(pinned.Exit == 0, pinned.Output);
        Assert.Equal(0, (await Verify(b.Later, "--key", b.PublicKeyFile)).Exit);
        Assert.Equal(0, (await Verify(b.Later, "--key", Regex.Replace(b.Fingerprint, "(.{8})", "$1 ").Trim().ToUpperInvariant())).Exit);

        var wrong = await Verify(b.Later, "--key", new string('e', 64));
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("not by the key you gave", wrong.Output);

        Assert.Equal(2, (await Verify(b.Later, "--key", b.Fingerprint[..16])).Exit);
        Assert.Equal(2, (await Verify(b.Later, "--since", "not a checkpoint")).Exit);
        Assert.Equal(2, (await Verify()).Exit);
    }

    [Fact]
    public async Task A_later_bundle_is_proven_to_extend_the_earlier_one_given_as_a_bundle_a_checkpoint_file_or_size_and_root()
    {
        var asBundle = await Verify(b.Later, "--key", b.Fingerprint, "--since", b.Earlier);
        Assert.True(asBundle.Exit == 0, asBundle.Output);
        Assert.Contains("consistency: this bundle extends the earlier copy (earlier.zip", asBundle.Output);

        var folder = Path.Combine(b.Root, "earlier");
        if (!Directory.Exists(folder)) ZipFile.ExtractToDirectory(b.Earlier, folder);
        var checkpoint = Directory.GetFiles(Path.Combine(folder, "checkpoints"), "*.txt").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)).Last();
        var asFile = await Verify(b.Later, "--key", b.Fingerprint, "--since", checkpoint);
        Assert.True(asFile.Exit == 0, asFile.Output);
        Assert.Contains("the earlier checkpoint's signature verifies with the bundle's key", asFile.Output);

        var text = await File.ReadAllTextAsync(checkpoint);
        var sizeRoot = $"{Regex.Match(text, "size ([0-9]+)").Groups[1].Value}:{Regex.Match(text, "root ([0-9a-f]{64})").Groups[1].Value}";
        Assert.Equal(0, (await Verify(b.Later, "--key", b.Fingerprint, "--since", sizeRoot)).Exit);

        // The other way round the earlier bundle is the later one cut back.
        var cut = await Verify(b.Earlier, "--key", b.Fingerprint, "--since", b.Later);
        Assert.Equal(1, cut.Exit);
        Assert.Contains("the chain was cut back", cut.Output);
    }

    [Fact]
    public async Task Two_entries_that_each_expand_to_a_gibibyte_are_refused_within_a_bounded_memory()
    {
        var bomb = BundleBomb.Write(Path.Combine(b.Root, "bomb.zip"), b.Later);
        log.WriteLine($"bomb: {new FileInfo(bomb).Length:N0} bytes on disk, 2 GiB expanded");

        var (exit, peakKiB, output) = await PeakMemoryAsync("verify", bomb, "--key", b.Fingerprint);
        log.WriteLine($"peak resident memory of ledger verify: {peakKiB / 1024} MiB");
        Assert.Equal(1, exit);
        Assert.Contains("expands more than 200 times its compressed size", output);
        Assert.True(peakKiB < 400 * 1024, $"ledger verify peaked at {peakKiB / 1024} MiB on a bundle bomb");
    }

    [Fact]
    public async Task A_zip_that_announces_ten_million_entries_is_refused_before_its_directory_is_read()
    {
        // A ZIP64 end record claiming ten million entries, behind an ordinary one: the count is read, nothing else.
        var fake = new byte[56 + 20 + 22];
        var span = fake.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, 0x06064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(span[4..], 44);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], 10_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], 10_000_000);
        BinaryPrimitives.WriteUInt32LittleEndian(span[56..], 0x07064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(span[64..], 0); // the ZIP64 record's offset
        BinaryPrimitives.WriteUInt32LittleEndian(span[76..], 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(span[86..], 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(span[88..], 0xFFFF);
        var path = Path.Combine(b.Root, "many.zip");
        await File.WriteAllBytesAsync(path, fake);
        var (exit, output) = await Verify(path);
        Assert.Equal(1, exit);
        Assert.Contains("announces 10,000,000 entries, more than the limit of 200,000", output);
    }

    /// <summary>Runs the binary under python3 so the kernel's own peak resident size of the child (ru_maxrss, KiB) is read after it exits.</summary>
    private async Task<(int Exit, long PeakKiB, string Output)> PeakMemoryAsync(params string[] args)
    {
        const string Probe = "import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],capture_output=True,text=True)\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\nsys.stdout.write(r.stdout+r.stderr)";
        var (_, output) = await Tools.RunAsync("python3", b.Env, ["-c", Probe, AppProcess.BinaryPath, .. args]);
        var first = output.Split('\n')[0].Split(' ');
        return (int.Parse(first[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(first[1], System.Globalization.CultureInfo.InvariantCulture), output);
    }
}

/// <summary>A bundle with two entries named as evidence files that each expand to 1 GiB of zeros: about 2 MB on disk.</summary>
public static class BundleBomb
{
    public static string Write(string path, string? basedOn = null)
    {
        if (basedOn is not null) File.Copy(basedOn, path, overwrite: true);
        var zeros = new byte[1 << 20];
        using var zip = ZipFile.Open(path, basedOn is null ? ZipArchiveMode.Create : ZipArchiveMode.Update);
        foreach (var name in new[] { new string('a', 64), new string('b', 64) })
        {
            using var s = zip.CreateEntry($"files/{name}", CompressionLevel.Optimal).Open();
            for (var i = 0; i < 1024; i++) s.Write(zeros);
        }
        return path;
    }
}
