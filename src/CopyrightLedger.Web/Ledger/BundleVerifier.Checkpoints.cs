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

/// <summary>The signed part of a bundle: its checkpoints, what they cover, and the RFC 3161 time-stamps over them.</summary>
public static partial class BundleVerifier
{
    private sealed partial class Run
    {
        private SortedDictionary<long, Checkpoint> CheckCheckpoints(string? pem)
        {
            var valid = new SortedDictionary<long, Checkpoint>();
            var names = _hashes.Keys.Where(n => n.StartsWith("checkpoints/", StringComparison.Ordinal)).ToList();
            foreach (var orphan in names.Where(n => !n.EndsWith(".txt", StringComparison.Ordinal) && !_hashes.ContainsKey(n[..^4] + ".txt")))
                Fail($"{orphan}: no checkpoint text beside it");
            var texts = names.Where(n => n.EndsWith(".txt", StringComparison.Ordinal)).OrderBy(n => long.Parse(n[12..^4], CultureInfo.InvariantCulture)).ToList();
            if (texts.Count == 0) Fail("checkpoints/: no checkpoint");
            var parsed = texts.ToDictionary(n => n, n => Checkpoint.Parse(Encoding.UTF8.GetString(_texts[n])));
            var roots = MerkleTree.PrefixRoots(_leaves, parsed.Values.OfType<Checkpoint>().Select(c => c.Size));
            foreach (var name in texts)
            {
                var body = _texts[name];
                var c = parsed[name];
                if (c is null) { Fail($"{name}: not a checkpoint text of the form docs/LEDGER.md gives"); continue; }
                var ok = true;
                void No(string why) { Fail($"{name}: {why}"); ok = false; }
                if (c.Size.ToString(CultureInfo.InvariantCulture) != name[12..^4]) No($"covers {c.Size} event(s) but is named for {name[12..^4]}");
                if (c.Chain != _chain) No($"is of chain {c.Chain}, the events are of {_chain}");
                if (_fingerprint is not null && c.KeyId != _fingerprint[..16]) No($"names key {c.KeyId}, but keys/ledger-public.pem is key {_fingerprint[..16]}");
                var sigName = name[..^4] + ".sig";
                if (!_texts.TryGetValue(sigName, out var sig)) No($"has no signature ({sigName})");
                else if (pem is not null && !VerifySignature(pem, body, sig)) No("its signature does not verify with keys/ledger-public.pem");
                if (c.Size > _events.Count) No($"covers {c.Size} event(s), the bundle holds {_events.Count}");
                else
                {
                    var root = Convert.ToHexStringLower(roots[c.Size]);
                    if (root != c.Root) No($"root is {c.Root}, the first {c.Size} event(s) give {root}");
                    else if (_events[(int)c.Size - 1] is var last && last.At > c.Time + ClockSkew)
                        Flag($"{name}: signed at {c.Time:u}, before event {last.Sequence} it covers says it was recorded ({last.At:u})");
                }
                if (ok)
                {
                    Pass($"{name}: signed by the bundle's key over the Merkle root of the first {c.Size} event(s)");
                    valid[c.Size] = c;
                }
                if (_texts.TryGetValue(name[..^4] + ".tsr", out var reply)) CheckTimestamp(name[..^4] + ".tsr", reply, body, ok ? c : null);
            }
            var previous = (Checkpoint?)null;
            foreach (var c in valid.Values)
            {
                if (previous is not null && c.Time < previous.Time)
                    Flag($"checkpoints/{c.Size}.txt: signed at {c.Time:u}, before the smaller checkpoint {previous.Size} ({previous.Time:u})");
                previous = c;
            }
            return valid;
        }

        private void CheckCoverage(SortedDictionary<long, Checkpoint> valid)
        {
            _signed = valid.Count == 0 ? 0 : valid.Keys.Max();
            _signedRoot = valid.Count == 0 ? null : valid[_signed].Root;
            if (_events.Count == 0) return;
            if (_signed < _events.Count)
                Fail($"events.jsonl: event(s) {_signed + 1}–{_events.Count} are not covered by any signature");
            else Pass($"checkpoints/: every one of the {_events.Count} event(s) is under a signed checkpoint");
            if (_latestTime is { } t)
            {
                Pass(TimeLineOf(t));
                if (t.Size < _events.Count) Flag($"events {t.Size + 1}–{_events.Count} are not covered by an independent time-stamp: only the installation's own clock says when they were recorded");
                var late = _events.Take((int)t.Size).Where(e => e.At > t.TimeUtc + ClockSkew).Select(e => e.Sequence).ToList();
                if (late.Count > 0) Flag($"event(s) {Ranges(late)} say they were recorded after the time-stamp that covers them ({t.TimeUtc:u})");
                FlagUnvouchedTimes();
            }
            else Flag("no independent time-stamp: no RFC 3161 reply checks, so only the installation's own clock says when anything was recorded");
        }

        /// <summary>
        /// An event's recorded time is vouched for only from the first time-stamp that covers it; a long gap is where an
        /// insider could have written any time (history rewritten before it was first stamped).
        /// </summary>
        private void FlagUnvouchedTimes()
        {
            var stamps = _times.OrderBy(t => t.Size).ToList();
            var gaps = new List<(long Sequence, TimeSpan Gap)>();
            var next = 0;
            foreach (var e in _events)
            {
                while (next < stamps.Count && stamps[next].Size < e.Sequence) next++;
                if (next == stamps.Count) break;
                var gap = stamps[next].TimeUtc - e.At;
                if (gap > UnvouchedGap && e.At != DateTime.MinValue) gaps.Add((e.Sequence, gap));
            }
            if (gaps.Count == 0) return;
            var widest = gaps.MaxBy(g => g.Gap);
            Flag($"event(s) {Ranges([.. gaps.Select(g => g.Sequence)])} were recorded, by the installation's clock, up to {widest.Gap.TotalDays:0.#} day(s) before the first time-stamp that covers them: until then only that clock vouches for their times");
        }

        /// <summary>Hourly checkpoints time-stamp an event within the hour; a day without one is worth a reader's attention.</summary>
        private static readonly TimeSpan UnvouchedGap = TimeSpan.FromDays(1);

        private static string TimeLineOf(IndependentTime t) =>
            $"time-stamp: events 1–{t.Size} existed by {t.TimeUtc:yyyy-MM-dd HH:mm:ss}Z, by {t.Authority}";

        /// <summary>An RFC 3161 TimeStampResp: granted, signed by a time-stamping certificate, over exactly this checkpoint's text.</summary>
        private void CheckTimestamp(string name, byte[] reply, byte[] checkpointText, Checkpoint? checkpoint)
        {
            try
            {
                var response = new AsnReader(reply, AsnEncodingRules.DER).ReadSequence();
                var status = response.ReadSequence().ReadInteger();
                if (status > 1) { Fail($"{name}: the authority refused the request (status {status})"); return; }
                if (!Rfc3161TimestampToken.TryDecode(response.ReadEncodedValue(), out var token, out _)) { Fail($"{name}: no time-stamp token"); return; }
                if (!token.VerifySignatureForData(checkpointText, out var signer) || signer is null) { Fail($"{name}: the time-stamp is not over its checkpoint's text, or its signature does not verify"); return; }
                if (!signer.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingOid)))
                { Fail($"{name}: signed by a certificate not meant for time-stamping ({signer.Subject})"); return; }
                var time = token.TokenInfo.Timestamp.UtcDateTime;
                var trusted = false;
                if (options.TsaRoots is { Count: > 0 } roots)
                {
                    if (!ChainsTo(signer, token.AsSignedCms().Certificates, roots, time)) { Fail($"{name}: the authority {signer.Subject} does not chain to the root you gave"); return; }
                    trusted = true;
                }
                var authority = $"{signer.Subject} (certificate SHA-256 {Convert.ToHexStringLower(SHA256.HashData(signer.RawData))[..16]}…)";
                Pass($"{name}: time-stamped {time:yyyy-MM-dd HH:mm:ss}Z by {authority}{(trusted ? ", which chains to the root you gave" : "; check the authority's certificate yourself: openssl ts -verify -CAfile, or ledger verify --tsa-ca")}");
                if (checkpoint is null) return;
                if (time < checkpoint.Time - ClockSkew)
                    Flag($"{name}: the authority's time {time:u} is before the time the checkpoint claims ({checkpoint.Time:u})");
                var stamp = new IndependentTime(checkpoint.Size, time, signer.Subject, trusted);
                _times.Add(stamp);
                if (_latestTime is null || checkpoint.Size > _latestTime.Size) _latestTime = stamp;
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
            {
                Fail($"{name}: not a readable RFC 3161 reply ({e.Message})");
            }
        }

        private const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

        private static bool ChainsTo(X509Certificate2 signer, X509Certificate2Collection extra, X509Certificate2Collection roots, DateTime at)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.ExtraStore.AddRange(extra);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = at;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingOid));
            return chain.Build(signer);
        }
    }
}
