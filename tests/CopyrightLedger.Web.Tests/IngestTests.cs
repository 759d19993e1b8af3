using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Ingest;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>Capture at the source over real HTTP: token, multipart upload, the chained event at receipt.</summary>
public sealed class IngestTests : IAsyncLifetime
{
    private readonly LedgerFactory _app = new(seedSamples: false);
    private Actor _creator = default!;
    private Guid _caseId, _workId;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
        _caseId = await _app.Service<CaseService>().CreateAsync(_creator, "Ingest", "cn-bic", "");
        _workId = await _app.Service<WorkService>().CreateAsync(_creator, _caseId, "Live", Medium.Image, "");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpResponseMessage> PostAsync(string? token, Guid workId, string? metadata = "{\"workflow\":\"txt2img\",\"seed\":18446744073709551615}")
    {
        var client = _app.CreateClient();
        var form = new MultipartFormDataContent();
        var bytes = File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "03-b.png"));
        form.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "03-b.png");
        if (metadata is not null) form.Add(new StringContent(metadata), "metadata");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{workId}/files") { Content = form };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_posted_output_is_stored_with_its_metadata_and_chained_on_arrival()
    {
        var token = await _app.Service<ApiTokenService>().CreateAsync(_creator, "ComfyUI on the studio PC");
        var response = await PostAsync(token, _workId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var sha = body.GetProperty("sha256").GetString();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "03-b.png")))), sha);

        await using var db = _app.Db();
        var artifact = await db.Artifacts.Include(a => a.Chunks).SingleAsync(a => a.CaseId == _caseId);
        Assert.Contains(artifact.Chunks, c => c.Container == "api:metadata" && System.Text.Encoding.UTF8.GetString(c.Data).Contains("18446744073709551615"));
        Assert.Contains(artifact.Chunks, c => c.Key == "parameters"); // the PNG's own text chunk is kept too
        var e = await db.LedgerEvents.Where(x => x.Chain == LedgerChains.Of(_caseId)).OrderByDescending(x => x.Sequence).FirstAsync();
        var json = JsonDocument.Parse(e.Json).RootElement;
        Assert.Equal("file.upload", e.Action);
        Assert.EndsWith("(API)", json.GetProperty("actor").GetProperty("name").GetString());
        Assert.Equal([sha], json.GetProperty("blobs").EnumerateArray().Select(b => b.GetString()));
        Assert.True((await _app.Service<LedgerAudit>().CheckCaseAsync(_caseId)).Intact);

        var again = await PostAsync(token, _workId);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same bytes again: recorded once
        Assert.True(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Two_posts_of_the_same_bytes_at_the_same_moment_both_succeed_and_name_one_file()
    {
        var token = await _app.Service<ApiTokenService>().CreateAsync(_creator, "two GPUs");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostAsync(token, _workId))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses.Zip(bodies), r => Assert.True(r.First.IsSuccessStatusCode, $"{(int)r.First.StatusCode}: {r.Second}"));
        Assert.Single(bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetGuid()).Distinct());
        await using var db = _app.Db();
        Assert.Equal(1, await db.Artifacts.CountAsync(a => a.CaseId == _caseId));
    }

    [Fact]
    public async Task Two_uploads_of_the_same_bytes_at_the_same_moment_both_succeed_and_reference_one_file()
    {
        var png = File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "04-a.png"));
        var service = _app.Service<ArtifactService>();
        for (byte round = 0; round < 10; round++)
        {
            byte[] bytes = [.. png, round]; // new bytes each round, so each round races for a new record
            using var start = new Barrier(6);
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                return service.UploadAsync(_creator, _caseId, _workId, ArtifactRole.Output, "04-a.png", new MemoryStream(bytes));
            })));
            Assert.Single(results.Select(r => r.Artifact.Id).Distinct());
            Assert.Single(results, r => !r.Duplicate);
        }
    }

    [Fact]
    public async Task Missing_wrong_or_revoked_tokens_are_refused_and_other_peoples_works_are_not_found()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(null, _workId)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("clt_not-a-real-token", _workId)).StatusCode);

        var tokens = _app.Service<ApiTokenService>();
        var token = await tokens.CreateAsync(_creator, "old laptop");
        await tokens.RevokeAsync(_creator, (await tokens.ListAsync(_creator)).Single(t => t.Name == "old laptop").Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(token, _workId)).StatusCode);

        var outsider = await _app.CreateUserAsync($"outsider{Guid.NewGuid():N}@test.local", Roles.Creator);
        var outsiderToken = await tokens.CreateAsync(outsider, "elsewhere");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(outsiderToken, _workId)).StatusCode);

        var live = await tokens.CreateAsync(_creator, "bad metadata");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(live, _workId, metadata: "{not json")).StatusCode);
        await using var db = _app.Db();
        Assert.Equal(0, await db.Artifacts.CountAsync(a => a.CaseId == _caseId));
    }

    [Fact]
    public async Task A_non_members_token_gets_404_whatever_it_sends_and_only_a_member_hears_about_the_body()
    {
        var tokens = _app.Service<ApiTokenService>();
        var outsider = await _app.CreateUserAsync($"outsider{Guid.NewGuid():N}@test.local", Roles.Creator);
        async Task<HttpStatusCode> PostNoFormAsync(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{_workId}/files") { Content = new StringContent("not a form") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await _app.CreateClient().SendAsync(request)).StatusCode;
        }
        Assert.Equal(HttpStatusCode.NotFound, await PostNoFormAsync(await tokens.CreateAsync(outsider, "elsewhere")));
        Assert.Equal(HttpStatusCode.BadRequest, await PostNoFormAsync(await tokens.CreateAsync(_creator, "studio")));
    }

    [Theory]
    [InlineData("a1111.jpg", "image/jpeg", "exif")]
    [InlineData("comfyui.webp", "image/webp", "exif")]
    [InlineData("firefly.jpg", "image/jpeg", "c2pa")]
    public async Task Any_container_the_importers_read_keeps_its_metadata_when_posted_or_uploaded(string fixture, string mediaType, string chunk)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repo.Root, "tests", "fixtures", "metadata", fixture));
        var result = await _app.Service<ArtifactService>().UploadAsync(_creator, _caseId, _workId, ArtifactRole.Output, fixture, new MemoryStream(bytes));
        Assert.Null(result.Warning);
        await using var db = _app.Db();
        var artifact = await db.Artifacts.Include(a => a.Chunks).SingleAsync(a => a.Id == result.Artifact.Id);
        Assert.Equal(mediaType, artifact.MediaType);
        Assert.True(artifact.Width > 0 && artifact.Height > 0);
        Assert.Contains(artifact.Chunks, c => c.Key == chunk); // the raw EXIF block or C2PA manifest, as received
        Assert.NotNull(artifact.PerceptualHash); // decoded through ffmpeg, as an import does
    }
}
