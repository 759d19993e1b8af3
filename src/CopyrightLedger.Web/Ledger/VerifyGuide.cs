namespace CopyrightLedger.Web.Ledger;

/// <summary>The VERIFY.md of a bundle: how to check it with standard tools, with this bundle's own values as the worked example.</summary>
public static class VerifyGuide
{
    /// <summary>
    /// The guide from the bundle's own values only, so the verifier can write it again and see that the guide a reader
    /// follows is the one that belongs to the bundle.
    /// </summary>
    public static string Write(string firstHash, string? secondPrev, long lastSize, string lastRoot, string fingerprint, bool hasTimestamps)
    {
        return $$"""
            # How to verify this evidence bundle

            Everything here can be checked with `sha256sum`, `openssl` and, for the Merkle root, `python3` (standard
            library only); CopyrightLedger's `ledger verify` runs all of it at once on the zip. Unzip the bundle and work in
            its folder.

            ## 1. The key is the installation's
            ```sh
            openssl pkey -pubin -in keys/ledger-public.pem -outform DER | sha256sum
            ```
            must print `{{fingerprint}}`, and so must the fingerprint you obtained separately: on the cover of a
            dossier, on the installation's page, or from the person who runs it. Anyone can sign a bundle with a key of
            their own, so a bundle proves nothing until its key is compared with one you trust (`ledger verify` does it
            when given the fingerprint with `--key`).

            ## 2. Every file is intact
            ```sh
            openssl dgst -sha256 -verify keys/ledger-public.pem -signature manifest.sig manifest.sha256
            sha256sum -c manifest.sha256
            ```
            The first must print `Verified OK`, then every line must say `OK`. `files/` holds each file exactly as it
            was received, named by its SHA-256.

            ## 3. The chain of events is unbroken
            `events.jsonl` holds one event per line, in RFC 8785 canonical JSON, exactly the bytes that were hashed. Each
            event's SHA-256 is the next event's `prev`; the first `prev` is 64 zeros, and `seq` counts 1, 2, 3, ...
            ```sh
            n=0; prev=0000000000000000000000000000000000000000000000000000000000000000
            while IFS= read -r line; do
              n=$((n+1))
              [ "$(printf '%s' "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["prev"])')" = "$prev" ] || echo "event $n: broken link"
              prev=$(printf '%s' "$line" | sha256sum | cut -d' ' -f1)
            done < events.jsonl
            echo "last event hash: $prev"
            ```
            Worked example from this bundle: event 1 hashes to `{{firstHash}}`{{(secondPrev is null ? "." : $", and event 2's `prev` is `{secondPrev}`.")}}

            ## 4. The checkpoint is signed by this installation
            ```sh
            openssl dgst -sha256 -verify keys/ledger-public.pem -signature checkpoints/{{lastSize}}.sig checkpoints/{{lastSize}}.txt
            ```
            must print `Verified OK`. The checkpoint names the number of events it covers and their Merkle root
            (RFC 9162: leaf = SHA-256(0x00 ‖ event hash bytes), node = SHA-256(0x01 ‖ left ‖ right)). Recompute the root:
            ```sh
            python3 - <<'PY'
            import hashlib, json
            hashes = [hashlib.sha256(l.rstrip(b"\n")).digest() for l in open("events.jsonl", "rb")][:{{lastSize}}]
            leaf = lambda h: hashlib.sha256(b"\x00" + h).digest()
            node = lambda l, r: hashlib.sha256(b"\x01" + l + r).digest()
            def root(xs):
                if len(xs) == 1: return xs[0]
                k = 1
                while k * 2 < len(xs): k *= 2
                return node(root(xs[:k]), root(xs[k:]))
            print(root([leaf(h) for h in hashes]).hex())
            PY
            ```
            It must print the `root` line of `checkpoints/{{lastSize}}.txt`: `{{lastRoot}}`. Its `size` must be the
            number of lines of `events.jsonl`: an event no signed checkpoint covers could have been added by anyone.

            ## 5. When the checkpoint existed
            {{(hasTimestamps
                ? "Each `checkpoints/N.tsr` is an RFC 3161 time-stamp of `checkpoints/N.txt`. With the time-stamping authority's root certificate (from the authority) saved as `tsa-root.pem`:\n```sh\nfor tsr in checkpoints/*.tsr; do\n  openssl ts -verify -data \"${tsr%.tsr}.txt\" -in \"$tsr\" -CAfile tsa-root.pem\n  openssl ts -reply -in \"$tsr\" -text | grep 'Time stamp:'\ndone\n```\nmust print `Verification: OK` and the time for each. The time-stamp proves that every event under that checkpoint's root existed then."
                : "This installation had no time-stamping authority configured when the bundle was made, so the bundle proves\nintegrity and order, not time. (With one, each `checkpoints/N.tsr` is an RFC 3161 time-stamp to check with `openssl ts -verify`.)")}}

            ## 6. The events refer to these files
            Each event's `blobs` lists the SHA-256 of every file it brought in; each must be in `files/` (step 2 checked
            their bytes), and every file in `files/` must be named by an event.

            ## 7. Nothing was rewritten since an earlier copy
            If you hold an earlier copy of this case's chain (a bundle, or the size and root a dossier prints), the first
            events of this one must give the same root: `ledger verify` given the earlier bundle (or its size and root)
            with `--since` checks it with an RFC 9162 consistency proof; by hand, run step 4's script with the earlier
            size in place of {{lastSize}}.
            """.Replace("\r\n", "\n");
    }
}
