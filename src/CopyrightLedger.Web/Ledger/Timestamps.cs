using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// An RFC 3161 time-stamp of a checkpoint's text: the time-stamping authority's reply exactly as received (a
/// <c>.tsr</c> file that <c>openssl ts -verify</c> reads), the time it states, and who stated it.
/// </summary>
public sealed class LedgerTimestamp
{
    private LedgerTimestamp() { Chain = ""; Authority = ""; Reply = []; TsaName = ""; }

    public LedgerTimestamp(string chain, long treeSize, string authority, byte[] reply, DateTime genTimeUtc, string tsaName, DateTime receivedAtUtc)
    {
        Chain = chain;
        TreeSize = treeSize;
        Authority = authority;
        Reply = reply;
        GenTimeUtc = genTimeUtc;
        TsaName = tsaName;
        ReceivedAtUtc = receivedAtUtc;
    }

    public string Chain { get; private set; }
    public long TreeSize { get; private set; }
    public string Authority { get; private set; }
    public byte[] Reply { get; private set; }
    public DateTime GenTimeUtc { get; private set; }
    public string TsaName { get; private set; }
    public DateTime ReceivedAtUtc { get; private set; }
}

internal sealed class LedgerTimestampConfiguration : IEntityTypeConfiguration<LedgerTimestamp>
{
    public void Configure(EntityTypeBuilder<LedgerTimestamp> b)
    {
        b.ToTable("LedgerTimestamps");
        b.HasKey(t => new { t.Chain, t.TreeSize });
        b.Property(t => t.Chain).HasMaxLength(36);
    }
}

/// <summary>
/// Asks the configured time-stamping authority (RFC 3161, SHA-256 imprint, certificate requested) to stamp a signed
/// checkpoint, checks the reply (status, imprint, nonce, signature) with .NET's <see cref="Rfc3161TimestampToken"/>
/// and keeps it. An unreachable authority does not lose the request: the job waits and retries with backoff.
/// </summary>
public sealed class TimestampJob(IDbContextFactory<LedgerDbContext> dbs, IHttpClientFactory http, IOptions<LedgerOptions> options, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "timestamp";

    public sealed record Payload(string Chain, long TreeSize);

    public string Kind => JobKind;

    public async Task<string> RunAsync(Job job, IJobProgress progress, CancellationToken ct)
    {
        var url = options.Value.Timestamping.Url ?? throw new InvalidOperationException("No time-stamping authority is configured (Ledger:Timestamping:Url).");
        var p = JsonSerializer.Deserialize<Payload>(job.Payload, JsonSerializerOptions.Web)!;
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.LedgerTimestamps.AnyAsync(t => t.Chain == p.Chain && t.TreeSize == p.TreeSize, ct)) return "{}";
        var checkpoint = await db.LedgerCheckpoints.AsNoTracking().SingleAsync(c => c.Chain == p.Chain && c.TreeSize == p.TreeSize, ct);
        var data = Encoding.UTF8.GetBytes(checkpoint.Body);
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, requestSignerCertificates: true, nonce: RandomNumberGenerator.GetBytes(8));

        byte[] reply;
        try
        {
            using var content = new ByteArrayContent(request.Encode());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var response = await http.CreateClient("tsa").PostAsync(url, content, ct);
            if (!response.IsSuccessStatusCode) throw new RetryLaterException(RetryLaterException.Backoff(job.Attempts, options.Value.Timestamping.RetrySeconds), $"{url} answered {(int)response.StatusCode}");
            reply = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new RetryLaterException(RetryLaterException.Backoff(job.Attempts, options.Value.Timestamping.RetrySeconds), $"{url} is unreachable ({e.Message})");
        }

        var token = request.ProcessResponse(reply, out _); // checks status, imprint and nonce; throws CryptographicException otherwise
        if (!token.VerifySignatureForData(data, out var signer))
            throw new CryptographicException("The time-stamp's signature does not verify for the checkpoint.");
        db.LedgerTimestamps.Add(new LedgerTimestamp(p.Chain, p.TreeSize, url, reply, token.TokenInfo.Timestamp.UtcDateTime,
            signer?.Subject ?? "", clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        progress.Report(1, 1, $"Time-stamped at {token.TokenInfo.Timestamp:u} by {signer?.Subject}");
        return JsonSerializer.Serialize(new { p.Chain, p.TreeSize, GenTime = token.TokenInfo.Timestamp }, JsonSerializerOptions.Web);
    }
}
