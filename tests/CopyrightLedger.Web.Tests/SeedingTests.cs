using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Samples;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

public sealed class SeedingTests
{
    [Fact]
    public async Task The_samples_are_seeded_once_for_the_admin_and_a_second_start_adds_nothing()
    {
        using var data = new TempDir();
        int cases, artifacts, iterations;
        using (var first = new LedgerFactory(seedSamples: true, dataDirectory: data.Path))
        {
            _ = first.Server;
            await using var db = first.Db();
            cases = await db.Cases.CountAsync();
            artifacts = await db.Artifacts.CountAsync();
            iterations = await db.Iterations.CountAsync();
            var admin = await db.Users.SingleAsync(u => u.Email == LedgerFactory.AdminEmail);
            Assert.Equal(cases, await db.CaseMembers.CountAsync(m => m.UserId == admin.Id));
        }
        Assert.Equal(Directory.GetDirectories(Repo.Samples).Count(d => File.Exists(Path.Combine(d, "case.json"))), cases);

        using var second = new LedgerFactory(seedSamples: true, dataDirectory: data.Path);
        _ = second.Server;
        await using var db2 = second.Db();
        Assert.Equal(cases, await db2.Cases.CountAsync());
        Assert.Equal(artifacts, await db2.Artifacts.CountAsync());
        Assert.Equal(iterations, await db2.Iterations.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_survives_a_restart_because_the_keys_live_with_the_data()
    {
        using var data = new TempDir();
        string cookies;
        using (var first = new LedgerFactory(seedSamples: false, dataDirectory: data.Path))
        {
            cookies = await first.SignInCookiesAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(data.Path, "keys"), "key-*.xml"));
        }
        using var second = new LedgerFactory(seedSamples: false, dataDirectory: data.Path);
        var client = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/cases");
        request.Headers.Add("Cookie", cookies);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_li_sample_holds_a_brief_before_the_first_run_several_runs_a_reasoned_selection_and_the_signature_edit()
    {
        using var app = new LedgerFactory(seedSamples: true);
        _ = app.Server;
        await using var db = app.Db();
        var id = SampleSeeder.SampleCaseId("li-v-liu");
        var work = await db.Works.SingleAsync(w => w.CaseId == id);
        var iterations = await db.Iterations.Where(i => i.WorkId == work.Id).OrderBy(i => i.Sequence).ToListAsync();
        Assert.True(iterations.Count >= 3, $"{iterations.Count} iterations");
        Assert.True(iterations.Select(i => i.Prompt).Distinct().Count() >= 3, "the prompt changes between runs");
        Assert.All(iterations, i => Assert.False(string.IsNullOrEmpty(i.Seed)));
        var outputs = await db.Artifacts.Where(a => a.WorkId == work.Id && a.IterationId != null).ToListAsync();
        Assert.True(outputs.GroupBy(o => o.IterationId).Any(g => g.Count() > 1), "some run is a batch of candidates");

        var selection = await db.Selections.Include(s => s.Candidates).SingleAsync(s => s.WorkId == work.Id);
        var chosen = await db.Artifacts.SingleAsync(a => a.Id == selection.ChosenArtifactId);
        Assert.Equal("04-b.png", chosen.OriginalFileName);
        Assert.True(selection.Candidates.Count > 1);
        Assert.False(string.IsNullOrWhiteSpace(selection.Rationale));

        var edit = await db.HumanEdits.SingleAsync(e => e.WorkId == work.Id);
        Assert.Equal(EditKind.Text, edit.Kind);
        var final = await db.Artifacts.SingleAsync(a => a.Id == edit.ToArtifactId);
        Assert.Equal(ArtifactRole.Final, final.Role);
        Assert.Null(final.IterationId);

        var brief = await db.Notes.SingleAsync(n => n.CaseId == id && n.Kind == NoteKind.Brief);
        Assert.Equal(480, brief.WrittenOffsetMinutes);
        Assert.True(brief.WrittenAtUtc < iterations.Min(i => i.ClaimedAtUtc!.Value), "the brief predates the first run");
    }

    [Fact]
    public async Task The_reroll_sample_is_one_prompt_rerolled_and_nothing_else()
    {
        using var app = new LedgerFactory(seedSamples: true);
        _ = app.Server;
        await using var db = app.Db();
        var id = SampleSeeder.SampleCaseId("reroll-only");
        var work = await db.Works.SingleAsync(w => w.CaseId == id);
        var iterations = await db.Iterations.Where(i => i.WorkId == work.Id).ToListAsync();
        Assert.True(iterations.Count >= 3);
        Assert.Single(iterations.Select(i => i.Prompt).Distinct());
        Assert.Equal(iterations.Count, iterations.Select(i => i.Seed).Distinct().Count());
        Assert.False(await db.Selections.AnyAsync(s => s.WorkId == work.Id));
        Assert.False(await db.HumanEdits.AnyAsync(e => e.WorkId == work.Id));
        Assert.False(await db.Notes.AnyAsync(n => n.CaseId == id));
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        using var app = new LedgerFactory(seedSamples: false);
        _ = app.Server;
        await using var db = app.Db();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }
}
