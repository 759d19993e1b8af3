using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Ledger;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using CopyrightLedger.Web.Samples;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>The append-only ledger on a real SQLite file: every change chained, replayable, and tamper-evident.</summary>
public sealed class LedgerTests : IAsyncLifetime
{
    private readonly LedgerFactory _app = new(seedSamples: true);
    private readonly TempDir _files = new();
    private Actor _creator = default!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A case made through every kind of change the services offer.</summary>
    private async Task<Guid> BusyCaseAsync()
    {
        var caseId = await _app.Service<CaseService>().CreateAsync(_creator, "Ledger case", "cn-bic", "first");
        await _app.Service<CaseService>().UpdateAsync(_creator, caseId, "Ledger case, renamed", "us-usco", Core.Cases.CaseStatus.Open, "second");
        var works = _app.Service<WorkService>();
        var workId = await works.CreateAsync(_creator, caseId, "Work", Medium.Image, "Me");
        var images = Path.Combine(Repo.Samples, "li-v-liu", "images");
        var a = await _app.Service<ArtifactService>().UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "01-a.png", File.OpenRead(Path.Combine(images, "01-a.png")));
        var b = await _app.Service<ArtifactService>().UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "01-b.png", File.OpenRead(Path.Combine(images, "01-b.png")));
        await works.AddIterationAsync(_creator, workId, new WorkService.IterationInputModel("a1111", null, "m", null, "p", "", "", new GenerationSettings("7"), null, [a.Artifact.Id, b.Artifact.Id]));
        await works.SelectAsync(_creator, workId, b.Artifact.Id, [a.Artifact.Id], "better");
        await works.AddEditAsync(_creator, workId, a.Artifact.Id, b.Artifact.Id, "Krita", EditKind.PaintOver, "sky", 5);
        await _app.Service<NoteService>().AddAsync(_creator, caseId, workId, NoteKind.Memo, "a memo", DateTimeOffset.UtcNow);
        var folder = Repo.CopySampleImages("reroll-only", Path.Combine(_files.Path, "cats"));
        await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId, importedBy: (_creator.UserId, _creator.DisplayName));
        return caseId;
    }

    [Fact]
    public async Task Every_change_is_chained_and_replaying_the_events_gives_the_tables()
    {
        var caseId = await BusyCaseAsync();
        var report = await _app.Service<LedgerAudit>().CheckCaseAsync(caseId);
        Assert.True(report.Intact, string.Join("\n", report.ChainProblems.Concat(report.RowProblems)));
        await using var db = _app.Db();
        var events = await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Of(caseId)).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["case.create", "case.update", "work.create", "file.upload", "file.upload", "iteration.record", "selection.record", "edit.record", "note.add", "import"],
            events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(_creator.UserId, JsonDocument.Parse(e.Json).RootElement.GetProperty("actor").GetProperty("id").GetString()));
        // Each upload event names the blob it brought in, so a bundle can prove every file the ledger refers to.
        var upload = JsonDocument.Parse(events[3].Json).RootElement;
        var sha = upload.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("table").GetString() == "Artifacts").GetProperty("values").GetProperty("Sha256").GetString();
        Assert.Equal([sha], upload.GetProperty("blobs").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task The_samples_are_chained_from_their_first_event()
    {
        var audit = _app.Service<LedgerAudit>();
        foreach (var sample in new[] { "li-v-liu", "reroll-only" })
        {
            var report = await audit.CheckCaseAsync(SampleSeeder.SampleCaseId(sample));
            Assert.True(report.Intact, string.Join("\n", report.ChainProblems.Concat(report.RowProblems)));
            Assert.Equal(1, report.Events);
        }
    }

    [Fact]
    public async Task A_row_edited_directly_in_the_sqlite_file_is_named_by_the_audit()
    {
        var caseId = await BusyCaseAsync();
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "ledger.db")};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE Selections SET Rationale = 'written after the dispute' WHERE Rationale = 'better'";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        var report = await _app.Service<LedgerAudit>().CheckCaseAsync(caseId);
        Assert.False(report.Intact);
        Assert.Empty(report.ChainProblems);
        var problem = Assert.Single(report.RowProblems);
        Assert.Contains("Selections", problem);
        Assert.Contains("Rationale is \"written after the dispute\" in the tables, \"better\" in the ledger", problem);
    }

    [Theory]
    [InlineData("UPDATE LedgerEvents SET Json = Json || ' ' WHERE Sequence = 1")]
    [InlineData("DELETE FROM LedgerEvents WHERE Sequence = 1")]
    public async Task The_database_refuses_to_change_or_remove_an_event(string sql)
    {
        await BusyCaseAsync();
        await using var c = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "ledger.db")};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        var e = await Assert.ThrowsAsync<SqliteException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", e.Message);
    }

    [Fact]
    public async Task A_case_recorded_before_the_ledger_gets_a_first_event_with_all_its_rows()
    {
        var caseId = await BusyCaseAsync();
        // Simulate an installation from before the ledger: the same rows, no events (the triggers are dropped to do it).
        using var data = new TempDir();
        var copy = Path.Combine(data.Path, "ledger.db");
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "ledger.db")};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"VACUUM INTO '{copy}'";
            await cmd.ExecuteNonQueryAsync();
        }
        await using (var c = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TRIGGER LedgerEvents_NoDelete; DELETE FROM LedgerEvents;";
            await cmd.ExecuteNonQueryAsync();
        }
        Directory.CreateDirectory(Path.Combine(data.Path, "blobs"));
        using var later = new LedgerFactory(seedSamples: false, dataDirectory: data.Path);
        _ = later.Server; // start-up chains the unchained cases
        var report = await later.Service<LedgerAudit>().CheckCaseAsync(caseId);
        Assert.True(report.Intact, string.Join("\n", report.ChainProblems.Concat(report.RowProblems)));
        await using var db = later.Db();
        Assert.Equal(LedgerStart.Action, (await db.LedgerEvents.SingleAsync(e => e.Chain == LedgerChains.Of(caseId))).Action);
    }

    [Fact]
    public async Task Events_are_canonical_json_whose_hash_anyone_can_recompute()
    {
        var caseId = await BusyCaseAsync();
        await using var db = _app.Db();
        var events = await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Of(caseId)).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Empty(EventChain.Verify(events.Select(e => new ChainLink(e.Sequence, e.Json, e.Hash))));
        Assert.All(events, e => Assert.Equal(e.Hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.Json)))));
        Assert.Equal(EventChain.Genesis, JsonDocument.Parse(events[0].Json).RootElement.GetProperty("prev").GetString());
        Assert.Equal(events[0].Hash, JsonDocument.Parse(events[1].Json).RootElement.GetProperty("prev").GetString());
    }

    [Fact]
    public async Task Sign_ins_and_failed_attempts_are_chained_on_the_installation_chain()
    {
        await _app.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignedInClientAsync(LedgerFactory.AdminEmail, "wrong-password-1"));
        await _app.Service<FailedSignIns>().FlushAsync(all: true, default); // failures are written per name and window
        await using var db = _app.Db();
        var events = await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Installation).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Empty(EventChain.Verify(events.Select(e => new ChainLink(e.Sequence, e.Json, e.Hash))));
        var outcomes = events.Where(e => e.Action is "sign-in" or FailedSignIns.Action)
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("data"))
            .Select(d => (d.GetProperty("email").GetString(), d.TryGetProperty("outcome", out var o) ? o.GetString() : $"failed x{d.GetProperty("attempts").GetInt32()}")).ToList();
        Assert.Equal([(LedgerFactory.AdminEmail, "succeeded"), (LedgerFactory.AdminEmail, "failed x1")], outcomes.TakeLast(2));
    }

    [Fact]
    public async Task A_signed_checkpoint_verifies_with_openssl_and_proves_each_event_alone()
    {
        var caseId = await BusyCaseAsync();
        var chain = LedgerChains.Of(caseId);
        var checkpoints = _app.Service<Checkpoints>();
        var checkpoint = await checkpoints.CreateAsync(chain);
        Assert.NotNull(checkpoint);
        Assert.Equal(10, checkpoint.TreeSize);
        var again = await checkpoints.CreateAsync(chain); // nothing changed since: the same checkpoint, not a new one
        Assert.Equal((checkpoint.TreeSize, checkpoint.Body), (again!.TreeSize, again.Body));

        // The signature, checked by OpenSSL with only the public key.
        var key = _app.Service<SigningKey>();
        var dir = _files.Path;
        File.WriteAllText(Path.Combine(dir, "checkpoint.txt"), checkpoint.Body);
        File.WriteAllBytes(Path.Combine(dir, "checkpoint.sig"), Convert.FromBase64String(checkpoint.Signature));
        File.WriteAllText(Path.Combine(dir, "ledger-public.pem"), key.PublicKeyPem);
        string[] verify = ["dgst", "-sha256", "-verify", "ledger-public.pem", "-signature", "checkpoint.sig", "checkpoint.txt"];
        var (exit, output) = Tools.Run("openssl", verify, dir);
        Assert.Equal(("Verified OK", 0), (output.Trim(), exit));
        File.AppendAllText(Path.Combine(dir, "checkpoint.txt"), " ");
        Assert.NotEqual(0, Tools.Run("openssl", verify, dir).Exit);

        // Each event is proven in the signed root by its own hash and a short path.
        foreach (var seq in Enumerable.Range(1, 10))
        {
            var proof = await checkpoints.ProveAsync(chain, seq);
            Assert.NotNull(proof);
            Assert.True(MerkleTree.VerifyInclusion(MerkleTree.LeafHash(Convert.FromHexString(proof.EventHash)), proof.LeafIndex, checkpoint.TreeSize,
                proof.Path.Select(Convert.FromHexString).ToList(), Convert.FromHexString(checkpoint.RootHash)), $"event {seq}");
        }
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key.PrivateKeyPath));
    }

    [Fact]
    public async Task A_service_holding_the_write_lock_saves_while_another_save_waits_for_the_lock()
    {
        // The service's order: SQLite's write lock (a run numbered from the last), then the save.
        await using var holder = _app.Db();
        await using var write = await holder.BeginWriteAsync();
        // A save with no transaction of its own now waits for that lock...
        // (on a thread of its own: SQLite waits for a lock by sleeping in the calling thread)
        var waiting = Task.Run(() => _app.Service<CaseService>().CreateAsync(_creator, "Waits for the lock", "cn-bic", null));
        await Task.Delay(1500);
        Assert.False(waiting.IsCompleted);
        // ...and must not hold anything the holder needs: when it held the ledger's gate first, this save hung for 600 s.
        holder.Cases.Add(new Core.Cases.Case(Guid.NewGuid(), "Holds the lock", "cn-bic", DateTime.UtcNow));
        holder.Record(_creator, "case.create");
        await holder.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await write.CommitAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var report = await _app.Service<LedgerAudit>().CheckCaseAsync(await waiting);
        Assert.True(report.Intact, string.Join("\n", report.ChainProblems.Concat(report.RowProblems)));
    }
}
