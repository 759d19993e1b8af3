using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Jobs;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>RFC 3161 time-stamps of checkpoints from OpenSSL's TSA, including an authority that is down at first.</summary>
public sealed class TimestampTests
{
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException(what);
    }

    [Fact]
    public async Task A_checkpoint_is_time_stamped_and_the_reply_verifies_with_openssl_even_after_an_outage()
    {
        using var tsa = new OpensslTsa(); // not listening yet: the authority is down
        using var app = new LedgerFactory(seedSamples: false, settings: new Dictionary<string, string>
        {
            ["Ledger:Timestamping:Url"] = tsa.Url,
            ["Ledger:Timestamping:RetrySeconds"] = "1",
        });
        var creator = await app.CreateUserAsync($"c{Guid.NewGuid():N}@test.local", Roles.Creator);
        var caseId = await app.Service<CaseService>().CreateAsync(creator, "Stamped", "cn-bic", "");
        var chain = LedgerChains.Of(caseId);
        var checkpoint = await app.Service<Checkpoints>().CreateAsync(chain);

        // The request waits for the authority instead of failing.
        var waiting = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Kind == TimestampJob.JobKind && j.Status == JobStatus.Queued && j.Message.StartsWith("Waiting to retry"));
        }, "the time-stamp job never waited for the authority");
        Assert.Contains("unreachable", waiting.Message);

        tsa.Start();
        var stamp = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.LedgerTimestamps.AsNoTracking().FirstOrDefaultAsync(t => t.Chain == chain);
        }, "no time-stamp arrived after the authority came back");
        Assert.Equal(checkpoint!.TreeSize, stamp.TreeSize);
        Assert.Contains("CopyrightLedger Test TSA", stamp.TsaName);
        Assert.True((DateTime.UtcNow - stamp.GenTimeUtc).Duration() < TimeSpan.FromMinutes(5));

        // Independent check: OpenSSL verifies the stored reply against the checkpoint text and the TSA's root.
        var data = tsa.WriteFile("checkpoint.txt", System.Text.Encoding.UTF8.GetBytes(checkpoint.Body));
        var reply = tsa.WriteFile("checkpoint.tsr", stamp.Reply);
        Assert.Contains("Verification: OK", tsa.Run("ts", "-verify", "-data", data, "-in", reply, "-CAfile", tsa.CaFile));
        var other = tsa.WriteFile("other.txt", System.Text.Encoding.UTF8.GetBytes(checkpoint.Body + " "));
        Assert.Throws<InvalidOperationException>(() => tsa.Run("ts", "-verify", "-data", other, "-in", reply, "-CAfile", tsa.CaFile));
    }
}
