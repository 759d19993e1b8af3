using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CopyrightLedger.Web.Tests;

/// <summary>When a chain gets its signed checkpoints: its first evidence soon, later growth on the hourly schedule.</summary>
public sealed class CheckpointScheduleTests
{
    [Fact]
    public async Task A_new_cases_first_evidence_is_signed_at_once_and_later_growth_waits_for_the_interval()
    {
        using var app = new LedgerFactory(seedSamples: false);
        _ = app.Server;
        var creator = await app.CreateUserAsync("first@test.local", Roles.Creator);
        var caseId = await app.Service<CaseService>().CreateAsync(creator, "First evidence", "cn-bic", null);
        var chain = LedgerChains.Of(caseId);
        var checkpoints = app.Service<Checkpoints>();
        var hour = TimeSpan.FromMinutes(60);

        Assert.Equal(1, await checkpoints.UncoveredAsync(chain));
        Assert.True(await checkpoints.CheckpointDueAsync(hour) >= 1); // its first evidence: due whatever the interval
        Assert.Equal(0, await checkpoints.UncoveredAsync(chain));

        await app.Service<CaseService>().UpdateAsync(creator, caseId, "First evidence, renamed", "cn-bic", Core.Cases.CaseStatus.Open, null);
        Assert.Equal(0, await checkpoints.CheckpointDueAsync(hour)); // signed a moment ago: the next one waits for the hour
        Assert.Equal(1, await checkpoints.UncoveredAsync(chain));
        Assert.Equal(1, await checkpoints.CheckpointDueAsync(TimeSpan.Zero));
        Assert.Equal(0, await checkpoints.UncoveredAsync(chain));
    }

    [Fact]
    public async Task On_a_new_installation_the_scheduler_signs_the_first_evidence_within_a_poll()
    {
        using var app = new LedgerFactory(seedSamples: true, settings: new Dictionary<string, string> { ["Ledger:CheckpointPollSeconds"] = "1" });
        _ = app.Server;
        // It starts after the database initializer (it used to start first, fail on "no such table" and wait an hour).
        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.True(hosted.IndexOf(typeof(CheckpointScheduler)) > hosted.IndexOf(typeof(DatabaseInitializer)), string.Join(", ", hosted.Select(t => t.Name)));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> unsigned;
        do
        {
            await Task.Delay(250);
            await using var db = app.Db();
            var chains = await db.LedgerEvents.Select(e => e.Chain).Distinct().ToListAsync();
            var signed = await db.LedgerCheckpoints.Select(c => c.Chain).Distinct().ToListAsync();
            unsigned = chains.Except(signed).ToList();
        }
        while (unsigned.Count > 0 && DateTime.UtcNow < deadline);
        Assert.Empty(unsigned);
    }
}
