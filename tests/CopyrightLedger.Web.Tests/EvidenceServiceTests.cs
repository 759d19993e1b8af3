using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Works;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>The feature services on a real SQLite file: what they record, and what they refuse.</summary>
public sealed class EvidenceServiceTests : IAsyncLifetime
{
    private readonly LedgerFactory _app = new(seedSamples: false);
    private Actor _creator = default!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static byte[] SamplePng(string name) => File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", name));

    private async Task<(Guid CaseId, Guid WorkId)> CaseWithWorkAsync()
    {
        var caseId = await _app.Service<CaseService>().CreateAsync(_creator, "Test case", "cn-bic", "desc");
        var workId = await _app.Service<WorkService>().CreateAsync(_creator, caseId, "Work", Medium.Image, "Me");
        return (caseId, workId);
    }

    [Fact]
    public async Task A_whole_record_round_trips_through_the_database()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var artifacts = _app.Service<ArtifactService>();
        var a = await artifacts.UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "01-a.png", new MemoryStream(SamplePng("01-a.png")));
        var b = await artifacts.UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "01-b.png", new MemoryStream(SamplePng("01-b.png")));
        Assert.Null(a.Warning);
        Assert.Equal("image/png", a.Artifact.MediaType);
        Assert.NotNull(a.Artifact.Width);

        var works = _app.Service<WorkService>();
        var claimed = new DateTimeOffset(2023, 2, 24, 19, 40, 0, TimeSpan.FromHours(8));
        await works.AddIterationAsync(_creator, workId, new WorkService.IterationInputModel("a1111", "v1.3.2", "chilloutmix", "fc2511737a",
            "girl at dusk", "painting", "Steps: 30", new GenerationSettings("18446744073709551615", 30, 7.5, "DPM++ 2M Karras", null, 512, 768, null),
            claimed, [a.Artifact.Id, b.Artifact.Id]));
        await works.SelectAsync(_creator, workId, b.Artifact.Id, [a.Artifact.Id], "better light");
        await works.AddEditAsync(_creator, workId, a.Artifact.Id, b.Artifact.Id, "Photoshop", EditKind.Retouch, "skin", 12);
        await _app.Service<NoteService>().AddAsync(_creator, caseId, workId, NoteKind.Brief, "# Brief", claimed.AddHours(-2));

        var detail = await works.GetAsync(_creator, workId);
        Assert.NotNull(detail);
        var it = Assert.Single(detail.Iterations);
        Assert.Equal("18446744073709551615", it.Seed);
        Assert.Equal(7.5, it.CfgScale);
        Assert.Equal(2, it.Outputs.Count);
        Assert.Equal(claimed, it.ClaimedAt!.Value.Local);
        Assert.Equal(480, it.ClaimedAt.Value.OffsetMinutes);
        Assert.Equal(DateTimeKind.Utc, it.CapturedAtUtc.Kind);
        var sel = Assert.Single(detail.Selections);
        Assert.Equal(b.Artifact.Id, sel.ChosenArtifactId);
        Assert.Equal(2, sel.Candidates.Count);
        Assert.Equal(EditKind.Retouch, Assert.Single(detail.Edits).Kind);
        var note = Assert.Single(detail.Notes);
        Assert.Equal(claimed.AddHours(-2), note.WrittenAt.Local);

        await using var db = _app.Db();
        var chunks = await db.Set<MetadataChunk>().Where(c => c.ArtifactId == a.Artifact.Id).ToListAsync();
        Assert.Contains(chunks, c => c.Key == "parameters" && c.Sha256 == Core.Hashing.Sha256Hex.Of(c.Data).Value);
    }

    [Fact]
    public async Task Uploading_the_same_bytes_again_links_the_existing_record()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var artifacts = _app.Service<ArtifactService>();
        var first = await artifacts.UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "a.png", new MemoryStream(SamplePng("01-a.png")));
        var again = await artifacts.UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "renamed.png", new MemoryStream(SamplePng("01-a.png")));
        Assert.True(again.Duplicate);
        Assert.Equal(first.Artifact.Id, again.Artifact.Id);
        await using var db = _app.Db();
        Assert.Equal(1, await db.Artifacts.CountAsync(x => x.CaseId == caseId));
    }

    [Fact]
    public async Task A_damaged_png_is_kept_as_received_with_a_warning()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var bytes = SamplePng("01-a.png")[..200];
        var result = await _app.Service<ArtifactService>().UploadAsync(_creator, caseId, workId, ArtifactRole.Output, "cut.png", new MemoryStream(bytes));
        Assert.NotNull(result.Warning);
        Assert.Contains("cut.png", result.Warning);
        Assert.Equal(200, result.Artifact.SizeBytes);
        Assert.Equal(Core.Hashing.Sha256Hex.Of(bytes).Value, result.Artifact.Sha256);
    }

    [Fact]
    public async Task A_reviewer_reads_a_case_but_cannot_change_it()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var reviewer = await _app.CreateUserAsync($"rev{Guid.NewGuid():N}@test.local", Roles.Reviewer);
        var cases = _app.Service<CaseService>();
        await using (var db = _app.Db())
        {
            var email = await db.Users.Where(u => u.Id == reviewer.UserId).Select(u => u.Email).SingleAsync();
            await cases.AddMemberAsync(_creator, caseId, email!, CaseRole.Reviewer);
        }
        Assert.NotNull(await cases.GetAsync(reviewer, caseId));
        Assert.NotNull(await _app.Service<WorkService>().GetAsync(reviewer, workId));
        await Assert.ThrowsAsync<DomainException>(() => _app.Service<WorkService>().CreateAsync(reviewer, caseId, "x", Medium.Image, ""));
        await Assert.ThrowsAsync<DomainException>(() => _app.Service<NoteService>().AddAsync(reviewer, caseId, null, NoteKind.Memo, "x", null));
        await Assert.ThrowsAsync<DomainException>(() => cases.CreateAsync(reviewer, "mine", "cn-bic", null));
    }

    [Fact]
    public async Task An_invalid_seed_is_refused_and_nothing_is_saved()
    {
        var (_, workId) = await CaseWithWorkAsync();
        var works = _app.Service<WorkService>();
        var e = await Assert.ThrowsAsync<DomainException>(() => works.AddIterationAsync(_creator, workId, new WorkService.IterationInputModel(
            "a1111", null, null, null, "p", null, null, new GenerationSettings(Seed: "18446744073709551616"), null, [])));
        Assert.Contains("18446744073709551616", e.Message);
        Assert.Empty((await works.GetAsync(_creator, workId))!.Iterations);
    }

    [Fact]
    public async Task Files_of_another_case_cannot_be_claimed_as_outputs()
    {
        var (_, workId) = await CaseWithWorkAsync();
        var (otherCase, otherWork) = await CaseWithWorkAsync();
        var foreign = await _app.Service<ArtifactService>().UploadAsync(_creator, otherCase, otherWork, ArtifactRole.Output, "x.png", new MemoryStream(SamplePng("01-a.png")));
        await Assert.ThrowsAsync<DomainException>(() => _app.Service<WorkService>().AddIterationAsync(_creator, workId,
            new WorkService.IterationInputModel("a1111", null, null, null, "p", null, null, new GenerationSettings(), null, [foreign.Artifact.Id])));
    }
}
