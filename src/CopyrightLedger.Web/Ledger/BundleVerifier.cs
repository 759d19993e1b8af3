using System.Formats.Asn1;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Web.Ledger;

/// <summary>What checking a bundle found: every check that passed and every one that failed, by file.</summary>
public sealed record BundleReport(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed)
{
    public bool Intact => Failed.Count == 0 && Passed.Count > 0;
}

/// <summary>
/// Checks an evidence bundle the way VERIFY.md tells a person to, with nothing from the installation that made it:
/// the manifest against every file, the chain of events, each checkpoint's signature and Merkle root, each RFC 3161
/// time-stamp against its checkpoint, and that every file an event refers to is there.
/// </summary>
public static class BundleVerifier
{
    public static BundleReport Verify(string zipPath)
    {
        using var s = File.OpenRead(zipPath);
        return Verify(s, Path.GetFileName(zipPath));
    }

    public static BundleReport Verify(Stream zipStream, string name)
    {
        var passed = new List<string>();
        var failed = new List<string>();
        Dictionary<string, byte[]> files;
        try
        {
            using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
            files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, Read, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            return new BundleReport([], [$"{name}: not a readable zip ({e.Message})"]);
        }

        CheckManifest(files, passed, failed);
        var events = CheckChain(files, passed, failed);
        CheckCheckpoints(files, events, passed, failed);
        CheckBlobs(files, events, passed, failed);
        return new BundleReport(passed, failed);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static void CheckManifest(Dictionary<string, byte[]> files, List<string> passed, List<string> failed)
    {
        if (!files.TryGetValue("manifest.sha256", out var manifest)) { failed.Add("manifest.sha256: missing"); return; }
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(manifest).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2) { failed.Add($"manifest.sha256: malformed line '{line}'"); continue; }
            var (expected, name) = (parts[0], parts[1]);
            listed.Add(name);
            if (!files.TryGetValue(name, out var bytes)) failed.Add($"{name}: listed in the manifest, missing from the bundle");
            else if (Convert.ToHexStringLower(SHA256.HashData(bytes)) is var actual && actual != expected)
                failed.Add($"{name}: SHA-256 is {actual}, the manifest says {expected}");
        }
        foreach (var extra in files.Keys.Where(n => n != "manifest.sha256" && !listed.Contains(n)).Order(StringComparer.Ordinal))
            failed.Add($"{extra}: in the bundle but not in the manifest");
        passed.Add($"manifest.sha256: {listed.Count} file(s) listed and checked");
    }

    private static List<(long Seq, string Json, string Hash)> CheckChain(Dictionary<string, byte[]> files, List<string> passed, List<string> failed)
    {
        if (!files.TryGetValue("events.jsonl", out var bytes)) { failed.Add("events.jsonl: missing"); return []; }
        var events = new List<(long, string, string)>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            long seq = 0;
            try { seq = JsonDocument.Parse(line).RootElement.GetProperty("seq").GetInt64(); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException) { }
            events.Add((seq, line, EventChain.Hash(line)));
        }
        var problems = EventChain.Verify(events.Select(e => new ChainLink(e.Item1, e.Item2, e.Item3)));
        foreach (var p in problems) failed.Add($"events.jsonl: {p}");
        if (problems.Count == 0) passed.Add($"events.jsonl: {events.Count} event(s), every link holds");
        return events;
    }

    private static void CheckCheckpoints(Dictionary<string, byte[]> files, List<(long Seq, string Json, string Hash)> events, List<string> passed, List<string> failed)
    {
        if (!files.TryGetValue("keys/ledger-public.pem", out var pem)) { failed.Add("keys/ledger-public.pem: missing"); return; }
        var texts = files.Keys.Where(n => n.StartsWith("checkpoints/", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (texts.Count == 0) failed.Add("checkpoints/: no checkpoint");
        foreach (var name in texts)
        {
            var body = files[name];
            var lines = Encoding.UTF8.GetString(body).Split('\n').Where(l => l.Contains(' ')).ToDictionary(l => l[..l.IndexOf(' ')], l => l[(l.IndexOf(' ') + 1)..]);
            var sigName = name[..^4] + ".sig";
            try
            {
                if (!files.TryGetValue(sigName, out var sig) || !SigningKey.Verify(Encoding.ASCII.GetString(pem), body, sig))
                    failed.Add($"{sigName}: the signature does not verify with keys/ledger-public.pem");
                else passed.Add($"{sigName}: signature verifies");
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException) { failed.Add($"{sigName}: the public key or signature cannot be read ({e.Message})"); }

            if (!lines.TryGetValue("size", out var sizeText) || !long.TryParse(sizeText, out var size) || size < 1 || size > events.Count)
            {
                failed.Add($"{name}: its size does not fit the {events.Count} event(s) of the bundle");
                continue;
            }
            var root = Convert.ToHexStringLower(MerkleTree.Root(Checkpoints.Leaves(events.Take((int)size).Select(e => e.Hash))));
            if (lines.GetValueOrDefault("root") != root) failed.Add($"{name}: root is {lines.GetValueOrDefault("root")}, the first {size} event(s) give {root}");
            else passed.Add($"{name}: Merkle root of the first {size} event(s) matches");

            if (files.TryGetValue(name[..^4] + ".tsr", out var reply)) CheckTimestamp(name[..^4] + ".tsr", reply, body, passed, failed);
        }
    }

    /// <summary>An RFC 3161 TimeStampResp: its token must be signed over this checkpoint text. The TSA's chain of trust is the reader's to check.</summary>
    private static void CheckTimestamp(string name, byte[] reply, byte[] data, List<string> passed, List<string> failed)
    {
        try
        {
            var response = new AsnReader(reply, AsnEncodingRules.DER).ReadSequence();
            response.ReadEncodedValue(); // PKIStatusInfo
            var tokenBytes = response.ReadEncodedValue();
            if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _)) { failed.Add($"{name}: no time-stamp token"); return; }
            if (!token.VerifySignatureForData(data, out var signer)) { failed.Add($"{name}: the time-stamp does not match its checkpoint"); return; }
            passed.Add($"{name}: time-stamped {token.TokenInfo.Timestamp:yyyy-MM-dd HH:mm:ss}Z by {signer?.Subject} (check the authority's certificate yourself: openssl ts -verify -CAfile)");
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            failed.Add($"{name}: not a readable RFC 3161 reply ({e.Message})");
        }
    }

    private static void CheckBlobs(Dictionary<string, byte[]> files, List<(long Seq, string Json, string Hash)> events, List<string> passed, List<string> failed)
    {
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            try
            {
                if (JsonDocument.Parse(e.Json).RootElement.TryGetProperty("blobs", out var blobs))
                    foreach (var b in blobs.EnumerateArray()) referenced.Add(b.GetString() ?? "");
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException) { } // a broken event was already reported by the chain check
        }
        var missing = referenced.Where(h => !files.TryGetValue("files/" + h, out var bytes) || Convert.ToHexStringLower(SHA256.HashData(bytes)) != h).ToList();
        foreach (var h in missing) failed.Add($"files/{h}: referenced by an event, missing or not matching its hash");
        if (missing.Count == 0) passed.Add($"files/: all {referenced.Count} file(s) the events refer to are present and intact");
    }
}
