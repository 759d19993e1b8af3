using System.Security.Cryptography;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>One real, time-stamped bundle of a sample case, shared by the tests that check and forge it, and the keys a forger and an insider would hold.</summary>
public sealed class ExportedBundle : IAsyncLifetime
{
    private readonly OpensslTsa _tsa = new();
    private LedgerFactory _app = default!;
    private readonly TempDir _dir = new();

    public byte[] Bundle { get; private set; } = [];
    /// <summary>The installation's own private key: what a member with access to the server could use.</summary>
    public ECDsa Insider { get; } = ECDsa.Create();
    /// <summary>A key of the forger's own.</summary>
    public ECDsa Outsider { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public string Fingerprint { get; private set; } = "";
    public string TsaCaFile => _tsa.CaFile;
    /// <summary>Where the bundle was written; tests copy it before changing anything.</summary>
    public string Path { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _tsa.Start();
        _app = new LedgerFactory(seedSamples: true, settings: new Dictionary<string, string> { ["Ledger:Timestamping:Url"] = _tsa.Url });
        _ = _app.Server;
        var caseId = Samples.SampleSeeder.SampleCaseId("li-v-liu");
        string adminId;
        await using (var db = _app.Db()) adminId = db.Users.Single(u => u.Email == LedgerFactory.AdminEmail).Id;
        // Enough events to swap, cut and rewrite, under two checkpoints: a time-stamped one, and the export's own.
        var admin = new Actor(adminId, "Admin", true, false);
        for (var i = 0; i < 6; i++)
            await _app.Service<NoteService>().AddAsync(admin, caseId, null, Core.Evidence.NoteKind.Memo, $"memo {i} before the stamp", DateTimeOffset.UtcNow);
        var checkpoint = await _app.Service<Checkpoints>().CreateAsync(LedgerChains.Of(caseId));
        for (var i = 0; i < 300; i++)
        {
            await using var db = _app.Db();
            if (await db.LedgerTimestamps.AnyAsync(t => t.Chain == LedgerChains.Of(caseId) && t.TreeSize == checkpoint!.TreeSize)) break;
            await Task.Delay(100);
        }
        for (var i = 0; i < 3; i++)
            await _app.Service<NoteService>().AddAsync(admin, caseId, null, Core.Evidence.NoteKind.Memo, $"memo {i} after the stamp", DateTimeOffset.UtcNow);
        var path = System.IO.Path.Combine(_dir.Path, "li.zip");
        await _app.Service<BundleExporter>().ExportAsync(caseId, ("admin", "Admin"), path);
        Bundle = await File.ReadAllBytesAsync(path);
        Assert.False(File.Exists(path + ".part"));
        Path = path;
        Insider.ImportFromPem(await File.ReadAllTextAsync(System.IO.Path.Combine(_app.DataDirectory, "keys", "ledger-signing.pem")));
        Fingerprint = _app.Service<SigningKey>().Fingerprint;
    }

    /// <summary>An RFC 3161 reply from the running authority over <paramref name="data"/>: what anyone can obtain, today.</summary>
    public async Task<byte[]> StampAsync(byte[] data)
    {
        var request = System.Security.Cryptography.Pkcs.Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, requestSignerCertificates: true);
        using var http = new HttpClient();
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/timestamp-query");
        using var reply = await http.PostAsync(_tsa.Url, content);
        reply.EnsureSuccessStatusCode();
        return await reply.Content.ReadAsByteArrayAsync();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _tsa.Dispose();
        _dir.Dispose();
        Insider.Dispose();
        Outsider.Dispose();
        return Task.CompletedTask;
    }
}

