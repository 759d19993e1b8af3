using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Ledger;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// What a forger can do to a bundle with a short script: edit, add, drop and reorder entries, relink the chain,
/// sign checkpoints and the manifest with a key (their own, or the installation's when the forger is an insider),
/// and zip it again. Every step writes exactly what a careful forger would, so each test defeats only what it means to.
/// </summary>
public sealed class Forgery
{
    private readonly List<(string Name, byte[] Bytes)> _entries;

    public Forgery(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        _entries = archive.Entries.Select(e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return (e.FullName, m.ToArray()); }).ToList();
    }

    public IReadOnlyList<string> Names => _entries.Select(e => e.Name).ToList();
    public byte[] this[string name]
    {
        get => _entries.Single(e => e.Name == name).Bytes;
        set
        {
            var i = _entries.FindIndex(e => e.Name == name);
            if (i < 0) _entries.Add((name, value)); else _entries[i] = (name, value);
        }
    }

    public string Text(string name) => Encoding.UTF8.GetString(this[name]);
    public void Remove(string name) => _entries.RemoveAll(e => e.Name == name);
    /// <summary>A second entry of the same name, as a zip allows.</summary>
    public void AddDuplicate(string name, byte[] bytes) => _entries.Add((name, bytes));

    public List<JsonObject> Events
    {
        get => Text("events.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        set => this["events.jsonl"] = Encoding.UTF8.GetBytes(string.Concat(value.Select(e => CanonicalJson.Serialize(e) + "\n")));
    }

    /// <summary>Numbers the events 1, 2, 3 … again and points each <c>prev</c> at the one before: a chain that holds.</summary>
    public void Relink()
    {
        var events = Events;
        var prev = EventChain.Genesis;
        for (var i = 0; i < events.Count; i++)
        {
            events[i]["seq"] = i + 1;
            events[i]["prev"] = prev;
            prev = EventChain.Hash(CanonicalJson.Serialize(events[i]));
        }
        Events = events;
    }

    public string Chain => Events[0]["chain"]!.GetValue<string>();
    public IReadOnlyList<long> CheckpointSizes => Names.Where(n => n.StartsWith("checkpoints/", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
        .Select(n => long.Parse(n[12..^4], CultureInfo.InvariantCulture)).Order().ToList();

    /// <summary>A checkpoint of the first <paramref name="size"/> events signed with <paramref name="key"/>, naming <paramref name="keyId"/> (the signing key's by default).</summary>
    public void Checkpoint(long size, ECDsa key, string? keyId = null, DateTime? at = null)
    {
        var hashes = Text("events.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take((int)size).Select(EventChain.Hash);
        var root = Convert.ToHexStringLower(MerkleTree.Root(Checkpoints.Leaves(hashes)));
        var body = Encoding.UTF8.GetBytes(LedgerCheckpoint.FormatBody(Chain, size, root, at ?? new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), keyId ?? Fingerprint(key)[..16]));
        this[$"checkpoints/{size}.txt"] = body;
        this[$"checkpoints/{size}.sig"] = Sign(key, body);
    }

    public void RemoveCheckpoint(long size)
    {
        foreach (var ext in new[] { "txt", "sig", "tsr" }) Remove($"checkpoints/{size}.{ext}");
    }

    public void RemoveTimestamps() => _entries.RemoveAll(e => e.Name.EndsWith(".tsr", StringComparison.Ordinal));

    /// <summary>Puts <paramref name="key"/>'s public half in the key file and, when asked, in case.json too.</summary>
    public void ReplaceKey(ECDsa key, bool caseJsonToo = true)
    {
        this["keys/ledger-public.pem"] = Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n");
        if (!caseJsonToo) return;
        var c = JsonNode.Parse(Text("case.json"))!.AsObject();
        c["publicKeyId"] = Fingerprint(key)[..16];
        c["publicKeyFingerprint"] = Fingerprint(key);
        this["case.json"] = Encoding.UTF8.GetBytes(c.ToJsonString());
    }

    /// <summary>case.json counting the events as they now stand.</summary>
    public void RecountCaseJson()
    {
        var c = JsonNode.Parse(Text("case.json"))!.AsObject();
        c["events"] = Events.Count;
        this["case.json"] = Encoding.UTF8.GetBytes(c.ToJsonString());
    }

    /// <summary>A manifest over every entry as it now stands, signed with <paramref name="key"/> (null keeps the old signature).</summary>
    public void Reseal(ECDsa? key)
    {
        var manifest = Encoding.ASCII.GetBytes(string.Concat(_entries.Where(e => e.Name is not ("manifest.sha256" or "manifest.sig"))
            .Select(e => $"{Convert.ToHexStringLower(SHA256.HashData(e.Bytes))}  {e.Name}\n")));
        this["manifest.sha256"] = manifest;
        if (key is not null) this["manifest.sig"] = Sign(key, manifest);
    }

    public MemoryStream Zip()
    {
        var m = new MemoryStream();
        using (var zip = new ZipArchive(m, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in _entries)
                using (var s = zip.CreateEntry(name).Open()) s.Write(bytes);
        m.Position = 0;
        return m;
    }

    public static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    public static byte[] Sign(ECDsa key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
}
