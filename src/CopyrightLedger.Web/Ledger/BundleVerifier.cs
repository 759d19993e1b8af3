using System.Formats.Asn1;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CopyrightLedger.Core.Ledger;
using static CopyrightLedger.Web.Features.Shared.VisibleText;

namespace CopyrightLedger.Web.Ledger;

/// <summary>What the reader brings to a check: the key they expect, an earlier copy, the time-stamping authority's roots.</summary>
public sealed record VerifyOptions
{
    public static readonly VerifyOptions None = new();

    /// <summary>The SHA-256 fingerprint of the key the reader obtained separately (a dossier's cover, the installation page).</summary>
    public string? PinnedKey { get; init; }
    /// <summary>A checkpoint of an earlier copy that the bundle must extend.</summary>
    public EarlierCheckpoint? Since { get; init; }
    /// <summary>Roots the RFC 3161 authority's certificate must chain to; without them the authority is named, not trusted.</summary>
    public X509Certificate2Collection? TsaRoots { get; init; }
    public BundleLimits Limits { get; init; } = BundleLimits.Default;
}

/// <summary>
/// Checks an evidence bundle with nothing from the installation that made it, against the threat model of
/// docs/SECURITY.md: only the names a bundle has, each once and within limits; the signed manifest against every
/// file; the chain of events; every checkpoint's form, key, signature and root; that every event is under a signed
/// checkpoint; every RFC 3161 time-stamp; that every key named agrees with the key file (and with the pinned one);
/// that the events and the files refer to each other exactly; and, given an earlier copy, a consistency proof.
/// Entries are streamed, so memory stays bounded whatever the bundle holds.
/// </summary>
public static partial class BundleVerifier
{
    private const int MaxListed = 200;
    /// <summary>How far the clocks of the installation and the time-stamping authority may disagree before it is flagged.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static BundleReport Verify(string zipPath, VerifyOptions? options = null)
    {
        using var s = File.OpenRead(zipPath);
        return Verify(s, Path.GetFileName(zipPath), options);
    }

    public static BundleReport Verify(Stream zipStream, string name, VerifyOptions? options = null)
    {
        options ??= VerifyOptions.None;
        var run = new Run(options);
        try
        {
            if (BundleZip.AnnouncedEntries(zipStream) is { } announced && announced > options.Limits.MaxEntries)
                return BundleReport.Unreadable($"{name}: announces {announced:N0} entries, more than the limit of {options.Limits.MaxEntries:N0}");
            using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > options.Limits.MaxEntries)
                return BundleReport.Unreadable($"{name}: holds {zip.Entries.Count:N0} entries, more than the limit of {options.Limits.MaxEntries:N0}");
            run.Read(zip, zipStream.CanSeek ? zipStream.Length : long.MaxValue);
        }
        catch (BundleLimitException e)
        {
            run.Fail($"{e.Message}; the check stopped there");
            return run.Report();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            return BundleReport.Unreadable($"{name}: not a readable zip ({e.Message})");
        }
        try { run.Check(); }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // Every check names what it can; this net means a case no check foresaw still ends in a verdict, never a crash.
            run.Fail($"{name}: the check could not finish ({e.GetType().Name}: {e.Message})");
        }
        return run.Report();
    }

    /// <summary>One check: what was read, and what it found.</summary>
    private sealed partial class Run(VerifyOptions options)
    {
        private readonly List<string> _passed = [], _failed = [], _flags = [];
        private int _unlisted;
        private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);   // entry → SHA-256 of its bytes
        private readonly Dictionary<string, byte[]> _texts = new(StringComparer.Ordinal);    // the bundle's own small files
        private readonly List<byte[]> _leaves = [];
        // Per event only what later checks need (its number and time, its leaf): a chain of millions stays small.
        private readonly List<(long Sequence, DateTime At)> _events = [];
        private readonly HashSet<string?> _chains = [];
        private readonly List<long> _otherVersions = [];
        private string? _firstHash, _secondPrev;
        private readonly SortedSet<string> _referenced = new(StringComparer.Ordinal);
        private string? _chain, _fingerprint;
        private bool _eventsRead;
        private IndependentTime? _latestTime;
        private readonly List<IndependentTime> _times = [];
        private long _signed;
        private string? _signedRoot;

        public void Pass(string line) => _passed.Add(line);
        public void Flag(string line) => _flags.Add(line);
        public void Fail(string line)
        {
            if (_failed.Count < MaxListed) _failed.Add(line);
            else _unlisted++;
        }

        public BundleReport Report()
        {
            var failed = _unlisted == 0 ? _failed : [.. _failed, $"… and {_unlisted:N0} more problem(s)"];
            return new BundleReport(_fingerprint, options.PinnedKey is not null && failed.Count == 0, _passed, failed, _flags, _events.Count, _signed, _latestTime)
            { Chain = _chain, SignedRoot = _signedRoot };
        }

        // ---- Reading: every entry once, streamed through the limits ----

        public void Read(ZipArchive zip, long archiveLength)
        {
            var limits = options.Limits;
            var budget = new ExpandedBudget(limits.MaxTotalBytes);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long kept = 0;
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (!seen.Add(name)) { Fail($"{Shown(name)}: stands twice in the zip; a reader's unzip would keep only one of them"); continue; }
                if (BundleZip.Folders.Contains(name) && entry.Length == 0) continue;
                if (!BundleZip.EntryName().IsMatch(name)) { Fail($"{Shown(name)}: not a part of an evidence bundle"); continue; }
                if (entry.CompressedLength > archiveLength) { Fail($"{name}: claims {entry.CompressedLength:N0} compressed bytes, more than the zip holds"); continue; }

                if (name == "events.jsonl") { ReadEvents(entry, budget); continue; }
                var isFile = name.StartsWith("files/", StringComparison.Ordinal);
                using var s = BundleZip.Open(entry, isFile ? limits.MaxEntryBytes : BundleZip.TextCap(name, limits), limits, budget);
                if (isFile) _hashes[name] = Convert.ToHexStringLower(SHA256.HashData(s));
                else
                {
                    using var m = new MemoryStream();
                    s.CopyTo(m);
                    kept += m.Length;
                    if (kept > limits.MaxTextBytes) throw new BundleLimitException($"{name}: the bundle's own texts pass the limit of {limits.MaxTextBytes:N0} bytes in all");
                    _texts[name] = m.ToArray();
                    _hashes[name] = Convert.ToHexStringLower(SHA256.HashData(_texts[name]));
                }
            }
        }

        private void ReadEvents(ZipArchiveEntry entry, ExpandedBudget budget)
        {
            _eventsRead = true;
            using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var s = BundleZip.Open(entry, options.Limits.MaxEntryBytes, options.Limits, budget);
            var links = Links(s, hasher);
            try
            {
                foreach (var problem in EventChain.Verify(links)) Fail($"events.jsonl: {problem}");
            }
            catch (InvalidDataException e) { Fail(e.Message); }
            _hashes["events.jsonl"] = Convert.ToHexStringLower(hasher.GetHashAndReset());
            if (_events.Count == 0) Fail("events.jsonl: holds no event");
        }

        /// <summary>The chain's links as they stream by, noting each event's facts and leaf on the way.</summary>
        private IEnumerable<ChainLink> Links(Stream s, IncrementalHash whole)
        {
            var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
            foreach (var line in BundleZip.Lines(s, options.Limits.MaxEventBytes, "events.jsonl"))
            {
                whole.AppendData(line.Span);
                whole.AppendData("\n"u8);
                var hash = SHA256.HashData(line.Span);
                _leaves.Add(MerkleTree.LeafHash(hash));
                var at = _events.Count + 1;
                string json;
                try { json = utf8.GetString(line.Span); }
                catch (DecoderFallbackException) { Fail($"events.jsonl: event {at} is not UTF-8"); json = ""; }
                if (at > options.Limits.MaxEvents) throw new BundleLimitException($"events.jsonl: holds more than the limit of {options.Limits.MaxEvents:N0} events");
                var facts = EventFacts.Of(json, Convert.ToHexStringLower(hash), at, this);
                _events.Add((facts.Sequence, facts.At));
                if (_chains.Count < 10) _chains.Add(facts.Chain);
                if (facts.Version != 1 && _otherVersions.Count < 100) _otherVersions.Add(facts.Sequence);
                if (at == 1) _firstHash = facts.Hash;
                if (at == 2) _secondPrev = facts.Prev;
                foreach (var b in facts.Blobs) _referenced.Add(b);
                if (_referenced.Count > options.Limits.MaxEntries)
                    throw new BundleLimitException($"events.jsonl: refers to more files than the limit of {options.Limits.MaxEntries:N0} entries a bundle may hold");
                yield return new ChainLink(facts.Sequence, json, facts.Hash);
            }
        }

        // ---- Checking ----

        public void Check()
        {
            var key = CheckKey();
            CheckManifest(key);
            if (!_eventsRead) Fail("events.jsonl: missing");
            else if (_events.Count > 0 && !_failed.Any(f => f.StartsWith("events.jsonl", StringComparison.Ordinal))) Pass($"events.jsonl: {_events.Count} event(s), every link holds");
            CheckEventsAgree();
            CheckCaseJson();
            var checkpoints = CheckCheckpoints(key);
            CheckCoverage(checkpoints);
            CheckFiles();
            CheckGuide(checkpoints);
            if (options.Since is { } since) CheckSince(since, checkpoints);
        }

        private string? CheckKey()
        {
            if (!_texts.TryGetValue("keys/ledger-public.pem", out var pem)) { Fail("keys/ledger-public.pem: missing"); return null; }
            try { _fingerprint = SigningKey.FingerprintOfPem(Encoding.ASCII.GetString(pem)); }
            catch (CryptographicException e) { Fail($"keys/ledger-public.pem: not one ECDSA P-256 public key ({e.Message})"); return null; }
            if (options.PinnedKey is { } pinned)
            {
                if (pinned != _fingerprint) Fail($"keys/ledger-public.pem: the bundle is signed by key {_fingerprint}, not by the key you gave ({pinned})");
                else Pass($"keys/ledger-public.pem: key {_fingerprint} is the key you gave");
            }
            else Flag($"key {_fingerprint} was not compared with a known key: anyone can sign a bundle with a key of their own. Compare it with the fingerprint on the dossier's cover or the installation page (ledger verify --key)");
            return Encoding.ASCII.GetString(pem);
        }

        private void CheckManifest(string? pem)
        {
            if (!_texts.TryGetValue("manifest.sha256", out var manifest)) { Fail("manifest.sha256: missing"); return; }
            if (!_texts.TryGetValue("manifest.sig", out var sig)) Fail("manifest.sig: missing: nothing binds the manifest to the key");
            else if (pem is not null && !VerifySignature(pem, manifest, sig)) Fail("manifest.sig: the manifest's signature does not verify with keys/ledger-public.pem");
            else if (pem is not null) Pass("manifest.sig: the manifest is signed by the bundle's key");

            var listed = new HashSet<string>(StringComparer.Ordinal);
            var text = Encoding.UTF8.GetString(manifest);
            if (text.Length > 0 && !text.EndsWith('\n')) Fail("manifest.sha256: the last line does not end with a line feed");
            foreach (var line in text.Split('\n')[..^1])
            {
                var m = ManifestLine().Match(line);
                if (!m.Success) { Fail($"manifest.sha256: malformed line '{Shown(line)}'"); continue; }
                var (expected, name) = (m.Groups[1].Value, m.Groups[2].Value);
                if (!listed.Add(name)) { Fail($"manifest.sha256: {Shown(name)} is listed twice"); continue; }
                if (name is "manifest.sha256" or "manifest.sig") { Fail($"manifest.sha256: lists {name}, which it cannot cover"); continue; }
                if (!_hashes.TryGetValue(name, out var actual)) Fail($"{Shown(name)}: listed in the manifest, missing from the bundle");
                else if (actual != expected) Fail($"{name}: SHA-256 is {actual}, the manifest says {expected}");
            }
            foreach (var extra in _hashes.Keys.Where(n => n is not ("manifest.sha256" or "manifest.sig") && !listed.Contains(n)).Order(StringComparer.Ordinal))
                Fail($"{extra}: in the bundle but not in the manifest");
            Pass($"manifest.sha256: {listed.Count} file(s) listed and checked");
        }

        private void CheckEventsAgree()
        {
            if (_chains.Count == 1 && _chains.Single() is { Length: > 0 } chain) _chain = chain;
            else if (_events.Count > 0) Fail($"events.jsonl: the events name {_chains.Count}{(_chains.Count == 10 ? " or more" : "")} different chains");
            if (_otherVersions.Count > 0) Fail($"events.jsonl: event(s) {Ranges(_otherVersions)} are not of format version 1");
            for (var i = 1; i < _events.Count; i++)
                if (_events[i].At < _events[i - 1].At)
                    Flag($"events.jsonl: event {i + 1} is recorded at {_events[i].At:u}, before event {i} ({_events[i - 1].At:u}): the installation's clock went back, or the times were edited before signing");
        }

        private void CheckCaseJson()
        {
            if (!_texts.TryGetValue("case.json", out var bytes)) { Fail("case.json: missing"); return; }
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                var root = doc.RootElement;
                var problems = new List<string>();
                if (Str(root, "chain") != _chain) problems.Add($"names chain {Str(root, "chain")}, the events are of {_chain}");
                if (!root.TryGetProperty("events", out var n) || !n.TryGetInt64(out var count) || count != _events.Count) problems.Add($"counts {(root.TryGetProperty("events", out var c) ? c.ToString() : "no")} events, the bundle holds {_events.Count}");
                if (_fingerprint is not null && Str(root, "publicKeyId") != _fingerprint[..16]) problems.Add($"names key {Str(root, "publicKeyId")}, the key file is {_fingerprint[..16]}");
                if (_fingerprint is not null && Str(root, "publicKeyFingerprint") != _fingerprint) problems.Add($"names key fingerprint {Str(root, "publicKeyFingerprint")}, the key file's is {_fingerprint}");
                foreach (var p in problems) Fail($"case.json: {p}");
                if (problems.Count == 0) Pass($"case.json: names this chain, its {_events.Count} event(s) and this key");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException) { Fail($"case.json: not JSON ({e.Message})"); }
        }

        private void CheckFiles()
        {
            var present = _hashes.Where(kv => kv.Key.StartsWith("files/", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value, StringComparer.Ordinal);
            var bad = 0;
            foreach (var h in _referenced)
            {
                if (!present.TryGetValue(h, out var actual)) { Fail($"files/{h}: referenced by an event, missing from the bundle"); bad++; }
                else if (actual != h) { Fail($"files/{h}: its bytes hash to {actual}, not to its name"); bad++; }
            }
            foreach (var h in present.Keys.Where(h => !_referenced.Contains(h)).Order(StringComparer.Ordinal))
            {
                Fail($"files/{h}: no event refers to it: a file outside the chain is not evidence of it");
                bad++;
            }
            if (bad == 0) Pass($"files/: all {_referenced.Count} file(s) the events refer to are present and intact, and no other");
        }

        /// <summary>VERIFY.md is not evidence, but a reader follows it: it must be the guide this bundle's own values give.</summary>
        private void CheckGuide(SortedDictionary<long, Checkpoint> valid)
        {
            if (!_texts.TryGetValue("VERIFY.md", out var guide)) { Fail("VERIFY.md: missing"); return; }
            if (_events.Count == 0 || valid.Count == 0 || _fingerprint is null) return;
            var last = valid.Values.Last();
            var expected = VerifyGuide.Write(_firstHash!, _secondPrev, last.Size, last.Root, _fingerprint,
                _texts.Keys.Any(n => n.EndsWith(".tsr", StringComparison.Ordinal)));
            if (Encoding.UTF8.GetString(guide) != expected)
                Flag("VERIFY.md: differs from the guide this version writes for this bundle; follow docs/LEDGER.md rather than its commands");
            else Pass("VERIFY.md: the guide for this bundle's own values");
        }

        private void CheckSince(EarlierCheckpoint since, SortedDictionary<long, Checkpoint> valid)
        {
            var what = $"the earlier copy ({since.Source}: {since.Size} event(s), root {since.Root[..16]}…)";
            if (since.Problem is { } problem) { Fail($"{what}: {problem}"); return; }
            if (since.Signed is { } signed)
            {
                if (_texts.TryGetValue("keys/ledger-public.pem", out var pem) && VerifySignature(Encoding.ASCII.GetString(pem), signed.Body, signed.Signature))
                    Pass($"{since.Source}: the earlier checkpoint's signature verifies with the bundle's key");
                else { Fail($"{what}: its signature does not verify with this bundle's key"); return; }
            }
            if (since.Chain is { } chain && chain != _chain) { Fail($"{what} is of chain {chain}, this bundle of {_chain}"); return; }
            if (since.KeyFingerprint is { } key && key != _fingerprint) { Fail($"{what} was signed by key {key}, this bundle by {_fingerprint}"); return; }
            if (valid.Count == 0) { Fail($"{what}: no valid checkpoint to compare it with"); return; }
            var latest = valid.Values.Last();
            if (since.Size > latest.Size) { Fail($"{what} has more events than this bundle's {latest.Size}: the chain was cut back"); return; }
            var proof = MerkleTree.ConsistencyProof(_leaves.Take((int)latest.Size).ToList(), (int)since.Size);
            if (!MerkleTree.VerifyConsistency(since.Size, latest.Size, Convert.FromHexString(since.Root), Convert.FromHexString(latest.Root), proof))
                Fail($"{what}: this bundle does not extend it: the events it covered were rewritten (RFC 9162 consistency proof fails)");
            else Pass($"consistency: this bundle extends {what} by {latest.Size - since.Size} event(s) (RFC 9162 consistency proof of {proof.Count} hash(es))");
        }

        private static bool VerifySignature(string pem, byte[] data, byte[] sig)
        {
            try { return SigningKey.Verify(pem, data, sig); }
            catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException) { return false; }
        }
    }
}
