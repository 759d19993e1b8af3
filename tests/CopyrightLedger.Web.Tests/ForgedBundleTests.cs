using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Bundles edited as a forger or an insider would, each rejected or flagged as docs/SECURITY.md says: the attacks a
/// review found reported "intact" first, then every other manifest, chain, checkpoint, key and time-stamp trick.
/// </summary>
public sealed class ForgedBundleTests(ExportedBundle f) : IClassFixture<ExportedBundle>
{
    private Forgery Open() => new(f.Bundle);
    private VerifyOptions Pinned => new() { PinnedKey = f.Fingerprint };
    private static BundleReport Check(Forgery forged, VerifyOptions? options = null) => BundleVerifier.Verify(forged.Zip(), "forged", options);

    private static void NotIntact(BundleReport report, string because)
    {
        Assert.Equal(BundleVerdict.NotIntact, report.Verdict);
        Assert.True(report.Failed.Any(x => x.Contains(because, StringComparison.Ordinal)), $"expected a failure with '{because}', got:\n{string.Join("\n", report.Failed)}");
    }

    /// <summary>An upload event dated long before the case, with a new file, appended at the end of the chain and relinked.</summary>
    private static void AppendBackdatedUpload(Forgery forged)
    {
        var file = Encoding.UTF8.GetBytes("a drawing made, it claims, in January");
        var upload = forged.Events[^1].DeepClone().AsObject();
        upload["action"] = "file.upload";
        upload["at"] = "2026-01-05T09:00:00.0000000Z";
        upload["blobs"] = new JsonArray(Convert.ToHexStringLower(SHA256.HashData(file)));
        upload["rows"] = new JsonArray();
        forged.Events = [.. forged.Events, upload];
        forged.Relink();
        forged[$"files/{Convert.ToHexStringLower(SHA256.HashData(file))}"] = file;
        forged.RecountCaseJson();
    }

    [Fact]
    public void The_untouched_bundle_is_intact_with_its_key_pinned_and_names_the_key_and_the_time_stamp()
    {
        var report = Check(Open(), Pinned);
        Assert.True(report.Verdict == BundleVerdict.Intact, string.Join("\n", report.Failed));
        Assert.Equal(0, report.ExitCode);
        Assert.StartsWith($"intact, signed by key {f.Fingerprint}", report.Headline);
        Assert.NotNull(report.LatestTimestamp);
        Assert.Contains("latest independent time-stamp: events 1–", report.TimeLine);

        var unpinned = Check(Open());
        Assert.Equal(BundleVerdict.IntactKeyNotCompared, unpinned.Verdict);
        Assert.Equal(3, unpinned.ExitCode);
        Assert.Contains("not compared with a known key", unpinned.Headline);
    }

    [Fact]
    public void A_backdated_upload_appended_after_the_last_checkpoint_is_not_covered_by_any_signature()
    {
        var forged = Open();
        AppendBackdatedUpload(forged);
        forged.Reseal(f.Insider); // even an insider who can sign the manifest cannot leave an event unsigned
        NotIntact(Check(forged), "are not covered by any signature");
    }

    [Fact]
    public void An_insider_who_signs_a_new_checkpoint_over_a_backdated_event_is_shown_as_not_time_stamped()
    {
        var forged = Open();
        AppendBackdatedUpload(forged);
        forged.Checkpoint(forged.Events.Count, f.Insider);
        forged.Reseal(f.Insider);
        var report = Check(forged, Pinned);
        // The installation's key signed it, so it holds; what tells it apart is the time nobody independent vouches for.
        Assert.True(report.Intact, string.Join("\n", report.Failed));
        Assert.True(report.LatestTimestamp!.Size < report.Events);
        Assert.Contains(report.Flags, x => x.Contains($"events {report.LatestTimestamp.Size + 1}–{report.Events} are not covered by an independent time-stamp", StringComparison.Ordinal));
        Assert.Contains(report.Flags, x => x.Contains("before event", StringComparison.Ordinal)); // recorded in January, after December's events
    }

    [Fact]
    public async Task An_insider_who_backdates_an_event_and_has_the_rewrite_time_stamped_today_is_flagged_by_the_gap()
    {
        Assert.DoesNotContain(Check(Open(), Pinned).Flags, x => x.Contains("before the first time-stamp", StringComparison.Ordinal));

        var forged = Open();
        var events = forged.Events;
        events[0]["at"] = "2025-03-01T08:00:00.0000000Z";
        forged.Events = events;
        forged.Relink();
        forged.RemoveTimestamps();
        foreach (var size in forged.CheckpointSizes) forged.Checkpoint(size, f.Insider, at: DateTime.UtcNow);
        // A real authority stamps the rewritten checkpoint, as it would for anyone who asks: with today's time.
        var last = forged.CheckpointSizes[^1];
        forged[$"checkpoints/{last}.tsr"] = await f.StampAsync(forged[$"checkpoints/{last}.txt"]);
        forged.Reseal(f.Insider);

        var report = Check(forged, Pinned);
        Assert.True(report.Intact, string.Join("\n", report.Failed));
        Assert.Equal(last, report.LatestTimestamp!.Size);
        Assert.Contains(report.Flags, x => x.StartsWith("event(s) 1 were recorded, by the installation's clock, up to", StringComparison.Ordinal)
            && x.Contains("before the first time-stamp that covers them", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_file_relinked_and_resigned_with_a_new_key_fails_when_the_key_is_pinned()
    {
        var forged = Open();
        var original = forged.Names.First(n => n.StartsWith("files/", StringComparison.Ordinal));
        var bytes = (byte[])forged[original].Clone();
        bytes[^1] ^= 0x55;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        forged.Remove(original);
        forged[$"files/{hash}"] = bytes;
        forged["events.jsonl"] = Encoding.UTF8.GetBytes(forged.Text("events.jsonl").Replace(original[6..], hash));
        forged.Relink();
        foreach (var size in forged.CheckpointSizes) forged.Checkpoint(size, f.Outsider);
        forged.RemoveTimestamps();
        forged.ReplaceKey(f.Outsider);
        forged.Reseal(f.Outsider);

        NotIntact(Check(forged, Pinned), "not by the key you gave");
        var unpinned = Check(forged);
        // Everything in it agrees, so all the verifier can say without a pin is whose key it is, and that no one vouches for the time.
        Assert.Equal(BundleVerdict.IntactKeyNotCompared, unpinned.Verdict);
        Assert.Equal(Forgery.Fingerprint(f.Outsider), unpinned.KeyFingerprint);
        Assert.NotEqual(f.Fingerprint, unpinned.KeyFingerprint);
        Assert.Null(unpinned.LatestTimestamp);
        Assert.Contains(unpinned.Flags, x => x.StartsWith("no independent time-stamp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_key_whose_checkpoints_still_name_the_original_key_fails_even_unpinned()
    {
        var forged = Open();
        foreach (var size in forged.CheckpointSizes) forged.Checkpoint(size, f.Outsider, keyId: f.Fingerprint[..16]);
        forged.ReplaceKey(f.Outsider);
        forged.Reseal(f.Outsider);
        NotIntact(Check(forged), "names key");
    }

    [Fact]
    public void A_new_key_file_that_case_json_does_not_name_fails_even_unpinned()
    {
        var forged = Open();
        foreach (var size in forged.CheckpointSizes) forged.Checkpoint(size, f.Outsider);
        forged.RemoveTimestamps();
        forged.ReplaceKey(f.Outsider, caseJsonToo: false);
        forged.Reseal(f.Outsider);
        NotIntact(Check(forged), "case.json: names key");
    }

    [Fact]
    public void Swapped_events_fail_unsigned_and_fail_the_pin_when_resigned()
    {
        var forged = Open();
        var events = forged.Events;
        (events[3], events[4]) = (events[4], events[3]);
        forged.Events = events;
        forged.Relink();
        forged.Reseal(null);
        NotIntact(Check(forged), "root is");

        foreach (var size in forged.CheckpointSizes) forged.Checkpoint(size, f.Outsider);
        forged.RemoveTimestamps();
        forged.ReplaceKey(f.Outsider);
        forged.Reseal(f.Outsider);
        NotIntact(Check(forged, Pinned), "not by the key you gave");
    }

    [Fact]
    public void Removing_the_last_checkpoint_leaves_events_no_signature_covers()
    {
        var forged = Open();
        forged.RemoveCheckpoint(forged.CheckpointSizes[^1]);
        forged.Reseal(f.Insider);
        NotIntact(Check(forged, Pinned), "are not covered by any signature");
    }

    [Fact]
    public void A_chain_cut_back_to_an_earlier_checkpoint_holds_alone_and_fails_against_the_earlier_copy()
    {
        var whole = Open();
        var sizes = whole.CheckpointSizes;
        Assert.True(sizes.Count >= 2, "the sample bundle needs two checkpoints");
        var cut = Open();
        cut.RemoveCheckpoint(sizes[^1]);
        cut.Events = cut.Events.Take((int)sizes[^2]).ToList();
        var referenced = cut.Events.SelectMany(e => e["blobs"]!.AsArray().Select(b => b!.GetValue<string>())).ToHashSet();
        foreach (var name in cut.Names.Where(n => n.StartsWith("files/", StringComparison.Ordinal) && !referenced.Contains(n[6..])).ToList()) cut.Remove(name);
        cut.RecountCaseJson();
        cut.Reseal(f.Insider);
        cut.Remove("VERIFY.md");
        cut["VERIFY.md"] = Encoding.UTF8.GetBytes("# How to verify\n");
        cut.Reseal(f.Insider);

        var alone = Check(cut, Pinned);
        Assert.True(alone.Intact, string.Join("\n", alone.Failed)); // a shortened copy is a true earlier state: only an earlier copy shows the cut
        Assert.Contains(alone.Flags, x => x.StartsWith("VERIFY.md: differs", StringComparison.Ordinal));

        var earlier = new EarlierCheckpoint("the whole copy", whole.CheckpointSizes[^1], CheckpointRoot(whole, sizes[^1])) { Chain = whole.Chain };
        NotIntact(Check(cut, Pinned with { Since = earlier }), "the chain was cut back");
    }

    [Fact]
    public void A_chain_rewritten_and_resigned_by_an_insider_fails_the_consistency_proof_against_an_earlier_copy()
    {
        var earlier = Open();
        var size = earlier.CheckpointSizes[0];
        var since = EarlierCheckpoint.FromText($"{size}:{CheckpointRoot(earlier, size)}", "dossier");
        Assert.NotNull(since);

        var rewritten = Open();
        var events = rewritten.Events;
        events[1]["at"] = "2025-06-01T08:00:00.0000000Z"; // an earlier event's time moved back a year
        rewritten.Events = events;
        rewritten.Relink();
        foreach (var s in rewritten.CheckpointSizes) rewritten.Checkpoint(s, f.Insider);
        rewritten.RemoveTimestamps();
        rewritten.Reseal(f.Insider);
        var alone = Check(rewritten, Pinned);
        Assert.True(alone.Intact, string.Join("\n", alone.Failed));
        Assert.Contains(alone.Flags, x => x.StartsWith("no independent time-stamp", StringComparison.Ordinal));

        NotIntact(Check(rewritten, Pinned with { Since = since }), "RFC 9162 consistency proof fails");
        var honest = Check(Open(), Pinned with { Since = since });
        Assert.True(honest.Verdict == BundleVerdict.Intact, string.Join("\n", honest.Failed));
        Assert.Contains(honest.Passed, x => x.StartsWith("consistency: this bundle extends", StringComparison.Ordinal));
    }

    [Fact]
    public void An_earlier_copy_of_another_chain_or_signed_by_another_key_is_refused()
    {
        var forged = Open();
        var size = forged.CheckpointSizes[0];
        var root = CheckpointRoot(forged, size);
        NotIntact(Check(forged, Pinned with { Since = new EarlierCheckpoint("x", size, root) { Chain = Guid.NewGuid().ToString() } }), "is of chain");
        NotIntact(Check(forged, Pinned with { Since = new EarlierCheckpoint("x", size, root) { KeyFingerprint = Forgery.Fingerprint(f.Outsider) } }), "was signed by key");
        var body = forged[$"checkpoints/{size}.txt"];
        NotIntact(Check(forged, Pinned with { Since = new EarlierCheckpoint("x", size, root) { Signed = new SignedText(body, Forgery.Sign(f.Outsider, body)) } }), "its signature does not verify");
    }

    [Fact]
    public void A_manifest_with_two_lines_for_one_file_is_reported_not_crashed_on()
    {
        var forged = Open();
        var manifest = forged.Text("manifest.sha256");
        forged["manifest.sha256"] = Encoding.ASCII.GetBytes(manifest + manifest.Split('\n')[0] + "\n");
        NotIntact(Check(forged), "is listed twice");
    }

    [Fact]
    public void Two_zip_entries_of_one_name_are_refused()
    {
        var forged = Open();
        forged.AddDuplicate("case.json", Encoding.UTF8.GetBytes("{}"));
        NotIntact(Check(forged), "stands twice in the zip");
    }

    [Theory]
    [InlineData("run.sh")]
    [InlineData("files/../../etc/passwd")]
    [InlineData("files/not-a-hash")]
    [InlineData("checkpoints/007.txt")]
    [InlineData("/absolute.txt")]
    [InlineData("files/\u202Egnp.exe")]
    public void An_entry_that_is_not_part_of_a_bundle_is_refused(string name)
    {
        var forged = Open();
        forged[name] = [1, 2, 3];
        forged.Reseal(f.Insider);
        var report = Check(forged, Pinned);
        NotIntact(report, "not a part of an evidence bundle");
        Assert.DoesNotContain(report.Failed, x => x.Contains('\u202E'));
    }

    [Fact]
    public void A_file_no_event_refers_to_is_not_evidence()
    {
        var forged = Open();
        var extra = Encoding.UTF8.GetBytes("slipped in");
        forged[$"files/{Convert.ToHexStringLower(SHA256.HashData(extra))}"] = extra;
        forged.Reseal(f.Insider);
        NotIntact(Check(forged, Pinned), "no event refers to it");
    }

    [Fact]
    public void A_checkpoint_text_out_of_form_or_misnamed_is_refused_even_when_signed()
    {
        var forged = Open();
        var size = forged.CheckpointSizes[^1];
        var body = forged.Text($"checkpoints/{size}.txt").Replace("\n", "\r\n");
        forged[$"checkpoints/{size}.txt"] = Encoding.UTF8.GetBytes(body);
        forged[$"checkpoints/{size}.sig"] = Forgery.Sign(f.Insider, Encoding.UTF8.GetBytes(body));
        forged.Reseal(f.Insider);
        NotIntact(Check(forged, Pinned), "not a checkpoint text of the form");

        var misnamed = Open();
        var small = misnamed.CheckpointSizes[0];
        misnamed[$"checkpoints/{small + 1000}.txt"] = misnamed[$"checkpoints/{small}.txt"];
        misnamed[$"checkpoints/{small + 1000}.sig"] = misnamed[$"checkpoints/{small}.sig"];
        misnamed.Reseal(f.Insider);
        NotIntact(Check(misnamed, Pinned), "but is named for");
    }

    [Fact]
    public void A_signature_or_time_stamp_without_its_checkpoint_or_moved_to_another_is_refused()
    {
        var forged = Open();
        forged["checkpoints/99999.sig"] = forged[$"checkpoints/{forged.CheckpointSizes[0]}.sig"];
        forged.Reseal(f.Insider);
        NotIntact(Check(forged, Pinned), "no checkpoint text beside it");

        var moved = Open();
        var stamped = moved.Names.First(n => n.EndsWith(".tsr", StringComparison.Ordinal)); // the export's own checkpoint may be stamped too
        var other = moved.CheckpointSizes.Select(s => $"checkpoints/{s}.tsr").First(n => n != stamped);
        moved[other] = moved[stamped];
        moved.Reseal(f.Insider);
        NotIntact(Check(moved, Pinned), "the time-stamp is not over its checkpoint's text");
    }

    [Fact]
    public void The_time_stamping_authority_is_trusted_only_when_it_chains_to_the_root_given()
    {
        var roots = TsaRoots.FromPem(File.ReadAllText(f.TsaCaFile))!; // as the command line and the Verify page read it
        var trusted = Check(Open(), Pinned with { TsaRoots = roots });
        Assert.True(trusted.Verdict == BundleVerdict.Intact, string.Join("\n", trusted.Failed));
        Assert.True(trusted.LatestTimestamp!.AuthorityTrusted);

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Some other root", stranger, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherRoot = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        NotIntact(Check(Open(), Pinned with { TsaRoots = [otherRoot] }), "does not chain to the root you gave");

        var untrusted = Check(Open(), Pinned);
        Assert.False(untrusted.LatestTimestamp!.AuthorityTrusted);
        Assert.Contains("authority not checked against a root you trust", untrusted.TimeLine);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public void Text_that_holds_no_readable_certificate_is_no_root(string pem) => Assert.Null(TsaRoots.FromPem(pem));

    [Fact]
    public void A_private_key_alone_or_a_text_beyond_the_bound_is_no_root()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Null(TsaRoots.FromPem(key.ExportPkcs8PrivateKeyPem()));
        var pem = File.ReadAllText(f.TsaCaFile);
        Assert.Single(TsaRoots.FromPem(pem)!);
        Assert.Null(TsaRoots.FromPem(pem + new string('\n', TsaRoots.MaxPemChars)));
    }

    [Fact]
    public void Events_of_another_chain_version_or_form_are_refused_even_when_resigned()
    {
        foreach (var (edit, because) in new (Action<JsonObject>, string)[]
        {
            (e => e["chain"] = Guid.NewGuid().ToString(), "different chains"),
            (e => e["v"] = 2, "not of format version 1"),
            (e => e["blobs"] = new JsonArray("../../etc/passwd"), "not a SHA-256"),
        })
        {
            var forged = Open();
            var events = forged.Events;
            edit(events[2]);
            forged.Events = events;
            forged.Relink();
            foreach (var s in forged.CheckpointSizes) forged.Checkpoint(s, f.Insider);
            forged.RemoveTimestamps();
            forged.Reseal(f.Insider);
            NotIntact(Check(forged, Pinned), because);
        }

        var spaced = Open();
        spaced["events.jsonl"] = Encoding.UTF8.GetBytes(spaced.Text("events.jsonl").Replace("{\"action\"", "{ \"action\""));
        NotIntact(Check(spaced), "not in canonical form");
    }

    [Fact]
    public void A_blank_line_a_missing_final_line_feed_or_invalid_utf8_in_the_chain_is_refused()
    {
        var blank = Open();
        blank["events.jsonl"] = Encoding.UTF8.GetBytes(blank.Text("events.jsonl").Replace("}\n{", "}\n\n{"));
        Assert.False(Check(blank).Intact);

        var open = Open();
        open["events.jsonl"] = open["events.jsonl"][..^1];
        NotIntact(Check(open), "does not end with a line feed");

        var bad = Open();
        var bytes = bad["events.jsonl"];
        var at = Array.IndexOf(bytes, (byte)'a', 10);
        bytes[at] = 0xC3; // a lead byte with no continuation
        NotIntact(Check(bad), "is not UTF-8");
    }

    [Fact]
    public void A_key_file_with_two_keys_or_another_kind_of_key_is_refused()
    {
        var two = Open();
        two["keys/ledger-public.pem"] = [.. two["keys/ledger-public.pem"], .. Encoding.ASCII.GetBytes(f.Outsider.ExportSubjectPublicKeyInfoPem() + "\n")];
        NotIntact(Check(two), "not one ECDSA P-256 public key");

        using var rsa = RSA.Create(2048);
        var other = Open();
        other["keys/ledger-public.pem"] = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        NotIntact(Check(other), "not one ECDSA P-256 public key");
    }

    [Fact]
    public void A_missing_or_outsider_signed_manifest_signature_is_refused()
    {
        var missing = Open();
        missing.Remove("manifest.sig");
        NotIntact(Check(missing), "nothing binds the manifest to the key");

        var outsider = Open();
        outsider.Reseal(f.Outsider);
        NotIntact(Check(outsider), "the manifest's signature does not verify");

        var listsItself = Open();
        listsItself["manifest.sha256"] = [.. listsItself["manifest.sha256"], .. Encoding.ASCII.GetBytes($"{new string('0', 64)}  manifest.sig\n")];
        NotIntact(Check(listsItself), "which it cannot cover");
    }

    [Fact]
    public void Case_json_that_miscounts_the_events_is_refused_even_when_resealed()
    {
        var forged = Open();
        var c = JsonNode.Parse(forged.Text("case.json"))!.AsObject();
        c["events"] = c["events"]!.GetValue<int>() + 5;
        forged["case.json"] = Encoding.UTF8.GetBytes(c.ToJsonString());
        forged.Reseal(f.Insider);
        NotIntact(Check(forged, Pinned), "case.json: counts");
    }

    [Fact]
    public void A_zip_beyond_the_entry_limit_or_an_entry_beyond_its_expansion_limit_stops_the_check_with_the_limit_named()
    {
        var report = Check(Open(), Pinned with { Limits = new BundleLimits { MaxEntries = 5 } });
        NotIntact(report, "more than the limit of 5");

        var small = Check(Open(), Pinned with { Limits = new BundleLimits { MaxTextBytes = 100 } });
        NotIntact(small, "expands past the limit of 100 bytes");

        var total = Check(Open(), Pinned with { Limits = new BundleLimits { MaxTotalBytes = 10_000 } });
        NotIntact(total, "in all");

        var events = Check(Open(), Pinned with { Limits = new BundleLimits { MaxEvents = 3 } });
        NotIntact(events, "holds more than the limit of 3 events");

        // A thousand checkpoint texts of a MiB each would all be kept in memory: each kind of text has its own small cap.
        var padded = Open();
        padded["checkpoints/1.txt"] = new byte[1 << 20];
        NotIntact(Check(padded), "checkpoints/1.txt: expands past the limit of 4,096 bytes");
    }

    [Fact]
    public void A_truncated_or_garbage_zip_is_not_readable_and_says_so()
    {
        var truncated = BundleVerifier.Verify(new MemoryStream(f.Bundle[..(f.Bundle.Length / 2)]), "half.zip");
        NotIntact(truncated, "half.zip: not a readable zip");
        NotIntact(BundleVerifier.Verify(new MemoryStream(Encoding.ASCII.GetBytes("PK not really")), "junk.zip"), "not a readable zip");
    }

    [Fact]
    public void A_pin_is_taken_in_any_usual_spelling_and_a_short_one_is_refused()
    {
        var grouped = SigningKey.Grouped(f.Fingerprint);
        Assert.Equal(f.Fingerprint, KeyPin.Parse(grouped));
        Assert.Equal(f.Fingerprint, KeyPin.Parse("SHA256:" + string.Join(':', f.Fingerprint.Chunk(2).Select(c => new string(c))).ToUpperInvariant()));
        Assert.Throws<Core.DomainException>(() => KeyPin.Parse(f.Fingerprint[..16]));
        Assert.Null(KeyPin.TryParseText("javascript:alert(1)"));
    }

    private static string CheckpointRoot(Forgery forged, long size) =>
        System.Text.RegularExpressions.Regex.Match(forged.Text($"checkpoints/{size}.txt"), "root ([0-9a-f]{64})").Groups[1].Value;
}
