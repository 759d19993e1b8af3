using System.Security.Cryptography;
using System.Text.Json;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Dossier;
using CopyrightLedger.Web.Features.Dossier.Layout;
using CopyrightLedger.Web.Ledger;
using CopyrightLedger.Web.Samples;
using CopyrightLedger.Web.Tests.Dossier.Layout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests.Dossier;

/// <summary>The dossiers of the seeded samples, checked with the tools a court's expert would use (issue 6).</summary>
public sealed class DossierTests : IAsyncLifetime
{
    private readonly OpensslTsa _tsa = new();
    private readonly LedgerFactory _app;
    private readonly TempDir _dir = new();

    public DossierTests()
    {
        _tsa.Start();
        _app = new LedgerFactory(seedSamples: true, settings: new Dictionary<string, string> { ["Ledger:Timestamping:Url"] = _tsa.Url });
    }

    public Task InitializeAsync()
    {
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        _tsa.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Guid> WorkOfAsync(string sample)
    {
        await using var db = _app.Db();
        return await db.Works.Where(w => w.CaseId == SampleSeeder.SampleCaseId(sample)).Select(w => w.Id).SingleAsync();
    }

    private async Task<DossierFile> WriteAsync(string sample, string language, bool sign, string name) =>
        (await _app.Service<DossierService>().WriteAsync(Actor.CommandLine(), await WorkOfAsync(sample), new DossierOptions(language, sign), Path.Combine(_dir.Path, name)))!;

    /// <summary>A time-stamped checkpoint over the sample's events, as the scheduler would make one.</summary>
    private async Task<LedgerCheckpoint> StampedCheckpointAsync(string sample)
    {
        var chain = LedgerChains.Of(SampleSeeder.SampleCaseId(sample));
        var checkpoint = (await _app.Service<Checkpoints>().CreateAsync(chain))!;
        for (var i = 0; i < 300; i++)
        {
            await using var poll = _app.Db();
            if (await poll.LedgerTimestamps.AnyAsync(t => t.Chain == chain && t.TreeSize == checkpoint.TreeSize)) break;
            await Task.Delay(100);
        }
        return checkpoint;
    }

    /// <summary>The commands a text prints after a <c>$ </c> prompt, their continuation lines (ending in <c> \</c>) joined.</summary>
    public static List<string> Commands(string text)
    {
        var commands = new List<string>();
        string? open = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (open is not null) open += " " + line;
            else if (line.StartsWith("$ ", StringComparison.Ordinal)) open = line[2..];
            else continue;
            if (open.EndsWith(" \\", StringComparison.Ordinal)) open = open[..^2].TrimEnd();
            else { commands.Add(open); open = null; }
        }
        return commands;
    }

    [Fact]
    public async Task Every_command_the_dossier_prints_runs_as_printed_on_the_dossier_and_the_bundle_of_its_case()
    {
        await StampedCheckpointAsync("li-v-liu");
        var dossier = await WriteAsync("li-v-liu", "en", sign: true, "li-commands.pdf");
        // A reader's folder: the dossier and the case's bundle under the names the dossier uses, the authority's root, and ./ledger.
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "reader")).FullName;
        File.Copy(dossier.Path, Path.Combine(folder, "dossier.pdf"));
        await _app.Service<BundleExporter>().ExportAsync(SampleSeeder.SampleCaseId("li-v-liu"), ("test", "test"), Path.Combine(folder, "bundle.zip"));
        File.Copy(_tsa.CaFile, Path.Combine(folder, "tsa-root.pem"));
        var ledger = Path.Combine(folder, "ledger");
        File.WriteAllText(ledger, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "CopyrightLedger.Web.dll")}\" \"$@\"\n");
        Assert.Equal(0, Tools.Run("chmod", ["+x", ledger]).Exit);

        var commands = Commands(Poppler.Text(dossier.Path));
        foreach (var tool in new[] { "pdfsig ", "pdfdetach ", "sha256sum ", "openssl dgst ", "openssl ts ", "./ledger verify " })
            Assert.Contains(commands, c => c.StartsWith(tool, StringComparison.Ordinal));
        foreach (var command in commands)
        {
            var (exit, output) = Tools.Run("bash", ["-c", command], folder);
            Assert.True(exit == 0, $"{command}\nexit {exit}\n{output}");
        }
    }

    /// <summary>The English words of the dossier's own vocabulary: roles, kinds, media, bands, settings and its labels.</summary>
    private static readonly string[] Vocabulary =
    [
        .. new[] { typeof(Core.Cases.CaseRole), typeof(Core.Evidence.ArtifactRole), typeof(Core.Evidence.NoteKind), typeof(Core.Evidence.EditKind), typeof(Core.Evidence.Medium) }
            .SelectMany(Enum.GetNames).SelectMany(n => System.Text.RegularExpressions.Regex.Matches(n, "[A-Z][a-z]+").Select(m => m.Value)),
        "strong", "moderate", "weak", "insufficient", "sampler", "steps", "size", "denoising", "model",
        "none", "event", "run", "note", "edit", "chain", "page", "signed", "unsigned", "draft", "marked", "before", "after",
    ];

    [Theory]
    [InlineData("li-v-liu")]
    [InlineData("wuhan-scroll")]
    [InlineData("changshu-half-heart")]
    public async Task A_chinese_dossier_prints_no_english_of_its_own_only_the_evidence_as_written(string sample)
    {
        var file = await WriteAsync(sample, "zh", sign: false, $"{sample}-zh-words.pdf");
        var text = Poppler.Text(file.Path);
        // What the record holds stays as written: its words are not the dossier's.
        var d = await _app.Service<DossierSource>().LoadAsync(await WorkOfAsync(sample));
        var evidence = new List<string?> { d.Case.Title, d.Work.Title, d.Work.ClaimedAuthors, d.Assessment.Profile.Id };
        evidence.AddRange(d.Members.Select(m => m.Name));
        evidence.AddRange(d.Iterations.SelectMany(i => new[] { i.Prompt, i.NegativePrompt, i.ParametersText, i.Generator, i.GeneratorVersion, i.ModelName, i.ModelHash, i.Sampler, i.Seed, i.JobId }));
        evidence.AddRange(d.Exhibits.SelectMany(e => new[] { e.Artifact.OriginalFileName, e.Artifact.MediaType }.Concat(e.Artifact.Chunks.Select(c => $"{c.Container}:{c.Key}"))));
        evidence.AddRange(d.Notes.SelectMany(n => new[] { n.Markdown, n.Author }));
        evidence.AddRange(d.Selections.Select(x => x.Rationale));
        evidence.AddRange(d.Edits.SelectMany(e => new[] { e.Description, e.Tool }));
        static IEnumerable<string> Words(string? s) => System.Text.RegularExpressions.Regex.Matches(s ?? "", "[A-Za-z]+").Select(m => m.Value.ToLowerInvariant());
        var written = evidence.SelectMany(Words).ToHashSet();
        var english = Words(text).Where(w => Vocabulary.Contains(w, StringComparer.OrdinalIgnoreCase) && !written.Contains(w)).Distinct().ToList();
        var lines = text.Split('\n').Where(l => Words(l).Any(english.Contains)).Select(l => l.Trim());
        Assert.True(english.Count == 0, $"English of the dossier's own in the Chinese dossier: {string.Join(", ", english)}, in:\n{string.Join("\n", lines)}");
    }

    [Theory]
    [InlineData("li-v-liu", "en")]
    [InlineData("wuhan-scroll", "zh")]
    [InlineData("wuhan-scroll", "both")]
    public async Task The_contents_stand_on_one_page_no_run_table_is_split_no_line_has_two_marks_and_the_timeline_has_one_time_format(string sample, string language)
    {
        var file = await WriteAsync(sample, language, sign: false, $"{sample}-{language}-layout.pdf");
        var t = new DossierText(language);
        string Page(int n) => string.Join('\n', Poppler.Text(file.Path, n).Trim().Split('\n').Skip(1)).Trim(); // below the running header
        // Every run's table, from its first row (the model) to its last (all parameters), on one page.
        static int Rows(string page, string label) => page.Split('\n').Count(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal));
        for (var n = 1; n <= Poppler.Pages(file.Path); n++)
        {
            var page = Page(n);
            Assert.True(Rows(page, t.T("Model", "模型")) == Rows(page, t.T("All parameters", "全部参数")), $"page {n} holds part of a run's table:\n{page}");
        }
        // An evidence line carries its ✓ or ✗ alone, and the timeline gives every time in UTC in one format (its headings say so).
        var text = Poppler.Text(file.Path);
        Assert.DoesNotMatch(@"[•◦▪]\s*[✓✗]", text);
        Assert.DoesNotMatch(@"(?m)(^|\s)[+−]\s*$", text); // a prompt element's chip is never broken after its mark
        Assert.StartsWith(t.T("Record as of", "记录截至"), Poppler.Text(file.Path, 2).Split('\n')[0].Split("   ", StringSplitOptions.RemoveEmptyEntries)[^1].Trim()); // the running header says what it shows
        var timeline = text[text.LastIndexOf(t.T("Timeline", "时间线"), StringComparison.Ordinal)..text.LastIndexOf(t.T("Generation runs", "生成运行"), StringComparison.Ordinal)];
        Assert.DoesNotMatch(@"\d{4}-\d\d-\d\dT\d\d", timeline);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", timeline);
        // The contents: a page of their own, from their title to the appendix's last heading, and the assessment after them.
        Assert.StartsWith(t.T("Contents", "目录"), Page(2));
        Assert.Contains(t.T("How to verify", "如何核验"), Page(2));
        Assert.StartsWith(t.T("Assessment", "评估"), Page(3));
    }

    [Fact]
    public async Task The_li_dossier_passes_the_pdf_tools_holds_every_original_and_is_signed_and_recorded()
    {
        var checkpoint = await StampedCheckpointAsync("li-v-liu");
        var file = await WriteAsync("li-v-liu", "en", sign: true, "li.pdf");
        var (qpdf, qpdfOut) = Poppler.Run("qpdf", "--check", file.Path);
        Assert.True(qpdf == 0, qpdfOut);
        var text = Poppler.Text(file.Path);
        foreach (var heading in new[] { "Evidence dossier", "Contents", "Assessment", "Factors", "From conception to selection", "Timeline", "Generation runs",
                     "Human edits", "Notes and statements", "Exhibits", "Integrity appendix", "How to verify" })
            Assert.Contains(heading, text);
        Assert.Contains("light from the left", text); // the last run's prompt
        Assert.Contains("Signature watermark 'LI' added", text); // the edit's description
        Assert.True(Poppler.Pages(file.Path) >= 8);

        var outline = JsonDocument.Parse(Poppler.Run("qpdf", "--json", "--json-key=outlines", file.Path).Output).RootElement.GetProperty("outlines");
        var titles = outline.EnumerateArray().Select(o => o.GetProperty("title").GetString()).ToList();
        Assert.Contains("Generation runs", titles);
        Assert.Contains("Integrity appendix", titles);

        // Every original is attached as it was received: saved back out, each hashes to its exhibit's SHA-256.
        await using var db = _app.Db();
        var artifacts = await db.Artifacts.Where(a => a.CaseId == SampleSeeder.SampleCaseId("li-v-liu")).ToListAsync();
        var listed = Poppler.Run("pdfdetach", "-list", file.Path).Output;
        Assert.Contains($"{artifacts.Count + 4} embedded files", listed); // the originals, the key, the checkpoint, its signature and time-stamp
        var saved = Directory.CreateDirectory(Path.Combine(_dir.Path, "saved")).FullName;
        Assert.Equal(0, Poppler.Run("pdfdetach", "-saveall", "-o", saved, file.Path).Exit);
        var hashes = Directory.EnumerateFiles(saved, "CL-*").Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Order().ToList();
        Assert.Equal(artifacts.Select(a => a.Sha256).Order(), hashes);
        // The appendix's own commands, run on the attached files as written there.
        string At(string name) => Path.Combine(saved, name);
        var size = checkpoint.TreeSize;
        Assert.Contains("Verified OK", _tsa.Run("dgst", "-sha256", "-verify", At("integrity-ledger-public.pem"), "-signature", At($"integrity-checkpoint-{size}.sig"), At($"integrity-checkpoint-{size}.txt")));
        Assert.Contains("Verification: OK", _tsa.Run("ts", "-verify", "-data", At($"integrity-checkpoint-{size}.txt"), "-in", At($"integrity-checkpoint-{size}.tsr"), "-CAfile", _tsa.CaFile));
        Assert.Contains($"openssl ts -verify -data integrity-checkpoint-{size}.txt", text.ReplaceLineEndings(" "));

        var sig = Poppler.Run("pdfsig", file.Path).Output;
        Assert.Contains("Signature is Valid", sig);
        Assert.Contains("CopyrightLedger installation", sig);
        Assert.True(Poppler.SignatureIsTimestamped(File.ReadAllBytes(file.Path)), "the configured TSA's token is in the signature");
        var recorded = await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Of(SampleSeeder.SampleCaseId("li-v-liu")) && e.Action == LedgerActions.Dossier).Select(e => e.Json).ToListAsync();
        Assert.Contains(recorded, j => j.Contains(file.Sha256));
        Assert.False(File.Exists(file.Path + ".part"));
    }

    [Fact]
    public async Task A_chinese_dossier_finds_the_chinese_prompt_and_the_both_languages_dossier_carries_both()
    {
        var zh = await WriteAsync("wuhan-scroll", "zh", sign: false, "wuhan-zh.pdf");
        var text = Poppler.Text(zh.Path);
        Assert.Contains("古风卷轴", text); // in every prompt of the run sections
        foreach (var heading in new[] { "证据卷宗", "目录", "评估", "从构思到选定", "时间线", "生成运行", "人工修改", "笔记与陈述", "证据目录", "完整性附录" })
            Assert.Contains(heading, text);
        Assert.Contains("第 2 页，共", text);
        Assert.Contains("CL-000031", text); // the signed final's exhibit number, stamped on its page

        var both = Poppler.Text((await WriteAsync("wuhan-scroll", "both", sign: false, "wuhan-both.pdf")).Path);
        Assert.Contains("Assessment · 评估", both);
        Assert.Contains("Page 2 of", both);
    }

    [Fact]
    public async Task A_signed_dossier_prints_the_key_fingerprint_on_its_cover_and_the_checkpoint_a_later_bundle_must_extend()
    {
        var signed = await WriteAsync("li-v-liu", "en", sign: true, "fingerprint.pdf");
        var fingerprint = _app.Service<Ledger.SigningKey>().Fingerprint;
        var cover = Poppler.Text(signed.Path, 1);
        Assert.Contains(Ledger.SigningKey.Grouped(fingerprint)[..35], cover); // the first groups, before the cell wraps
        var text = Poppler.Text(signed.Path);
        LedgerCheckpoint latest;
        await using (var db = _app.Db())
            latest = await db.LedgerCheckpoints.Where(c => c.Chain == LedgerChains.Of(SampleSeeder.SampleCaseId("li-v-liu"))).OrderByDescending(c => c.TreeSize).FirstAsync();
        // The command is printed whole, so a reader can copy it (pdftotext breaks it where the page does).
        Assert.Contains($"--since {latest.TreeSize}:{latest.RootHash}", System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Replace(": ", ":"));
        Assert.Contains(fingerprint, System.Text.RegularExpressions.Regex.Replace(text, @"\s+", ""));
    }

    [Fact]
    public async Task The_same_state_gives_the_same_bytes_and_a_signed_dossier_differs_only_by_its_signature()
    {
        var first = await WriteAsync("changshu-half-heart", "en", sign: false, "a.pdf");
        var second = await WriteAsync("changshu-half-heart", "en", sign: false, "b.pdf"); // the first one's event is on the chain now
        Assert.Equal(first.Sha256, second.Sha256);
        // A bundle export checkpoints the chain: new integrity evidence, which the next dossier shows, about the same events.
        await _app.Service<BundleExporter>().ExportAsync(SampleSeeder.SampleCaseId("changshu-half-heart"), ("test", "test"), Path.Combine(_dir.Path, "b.zip"));
        var third = await WriteAsync("changshu-half-heart", "en", sign: false, "c.pdf");
        Assert.NotEqual(first.Sha256, third.Sha256);
        Assert.Contains("Signed checkpoint", Poppler.Text(third.Path));
        // The cover: the same state of the record (its footer counts the pages, which the longer appendix changes).
        static string Cover(string path) => System.Text.RegularExpressions.Regex.Replace(Poppler.Text(path, 1), @"Page 1 of \d+", "Page 1 of N");
        Assert.Equal(Cover(first.Path), Cover(third.Path));

        // A signed dossier is its rendering (which names the signer on the cover) plus a signature: render that again, sign it
        // again, and only the signature differs.
        var signed = File.ReadAllBytes((await WriteAsync("changshu-half-heart", "en", sign: true, "signed.pdf")).Path);
        var data = await _app.Service<DossierSource>().LoadAsync(await WorkOfAsync("changshu-half-heart"));
        var service = _app.Service<DossierService>();
        var resigned = await service.SignAsync(PdfRenderer.Render(DossierComposer.Compose(data, new DossierText("en"), signed: true)), data.Work.Title);
        Assert.False(signed.AsSpan().SequenceEqual(resigned));
        Assert.Equal(Poppler.WithoutSignature(signed), Poppler.WithoutSignature(resigned));
    }

    [Fact]
    public async Task Someone_outside_the_case_gets_no_dossier()
    {
        var stranger = await _app.CreateUserAsync($"stranger{Guid.NewGuid():N}@test.local", Roles.Creator);
        Assert.Null(await _app.Service<DossierService>().RenderAsync(stranger, await WorkOfAsync("li-v-liu"), new DossierOptions()));
    }

    [Fact]
    public async Task A_dossier_job_writes_the_file_the_download_serves_to_members_only()
    {
        var users = _app.Services.CreateScope().ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var owner = await users.FindByEmailAsync(LedgerFactory.AdminEmail); // the samples are the administrator's
        var actor = new Actor(owner!.Id, owner.DisplayName, true, false);
        var queue = _app.Service<Jobs.JobQueue>();
        var job = await queue.EnqueueAsync(actor, DossierJob.JobKind, SampleSeeder.SampleCaseId("li-v-liu"),
            DossierJob.Describe(await WorkOfAsync("li-v-liu"), new DossierOptions("zh", Sign: false)));
        Jobs.JobView? done = null;
        for (var i = 0; i < 300 && done?.IsFinished != true; i++) { await Task.Delay(100); done = await queue.GetAsync(actor, job.Id); }
        Assert.Equal(Jobs.JobStatus.Succeeded, done!.Status);
        var result = DossierJob.ResultOf(done)!;

        using var member = await _app.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        var response = await member.GetAsync($"/dossiers/{job.Id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(result.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Contains("zh.pdf", response.Content.Headers.ContentDisposition?.FileName ?? "");

        var stranger = await _app.CreateUserAsync($"outsider{Guid.NewGuid():N}@test.local", Roles.Creator);
        using var other = await _app.SignedInClientAsync($"{stranger.DisplayName}@test.local", "Password-for-tests-1");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync($"/dossiers/{job.Id}")).StatusCode);

        // A reviewer of the case (a court, say) may ask for a dossier, which issues the evidence, but not for an import.
        var reviewer = await _app.CreateUserAsync($"reviewer{Guid.NewGuid():N}@test.local", Roles.Reviewer);
        await _app.Service<Features.Cases.CaseService>().AddMemberAsync(actor, SampleSeeder.SampleCaseId("li-v-liu"), $"{reviewer.DisplayName}@test.local", Core.Cases.CaseRole.Reviewer);
        var asked = await queue.EnqueueAsync(reviewer, DossierJob.JobKind, SampleSeeder.SampleCaseId("li-v-liu"),
            DossierJob.Describe(await WorkOfAsync("li-v-liu"), new DossierOptions("en", Sign: true)), issuing: true);
        Assert.Equal(Jobs.JobStatus.Queued, asked.Status);
        await Assert.ThrowsAsync<Core.DomainException>(() => queue.EnqueueAsync(reviewer, Features.Import.ImportJob.JobKind, SampleSeeder.SampleCaseId("li-v-liu"), "{}"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "dossiers"), "*.part"));
    }

    [Fact]
    public async Task A_video_shows_its_first_frame_a_script_its_text_and_a_huge_parameter_text_is_cut_with_a_pointer()
    {
        var creator = await _app.CreateUserAsync($"creator{Guid.NewGuid():N}@test.local", Roles.Creator);
        var caseId = await _app.Service<Features.Cases.CaseService>().CreateAsync(creator, "Video", "us-usco", "");
        var workId = await _app.Service<Features.Works.WorkService>().CreateAsync(creator, caseId, "Clip", Core.Evidence.Medium.Video, "");
        var files = _app.Service<Features.Works.ArtifactService>();
        var clip = Path.Combine(_dir.Path, "clip.mp4"); // two frames of ffmpeg's test pattern, made here
        Assert.Equal(0, Poppler.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x96:rate=2", "-frames:v", "2", "-pix_fmt", "yuv420p", clip).Exit);
        var video = await files.UploadAsync(creator, caseId, workId, Core.Evidence.ArtifactRole.Final, "clip.mp4", File.OpenRead(clip));
        await files.UploadAsync(creator, caseId, workId, Core.Evidence.ArtifactRole.Input, "script.md",
            new MemoryStream("# Shot list\n\nA heron lifts off the **frozen lake** at first light."u8.ToArray()));
        var graph = "{\"nodes\": [" + string.Join(",", Enumerable.Range(0, 400).Select(i => $"{{\"id\": {i}, \"type\": \"KSampler\"}}")) + "]}";
        await _app.Service<Features.Works.WorkService>().AddIterationAsync(creator, workId, new Features.Works.WorkService.IterationInputModel("comfyui", null, "m", null,
            "a heron over a frozen lake", "", graph, new Core.Evidence.GenerationSettings("1", 20, 7, "euler", null, 512, 512, null), null, [video.Artifact.Id]));

        var file = (await _app.Service<DossierService>().WriteAsync(creator, workId, new DossierOptions("en", Sign: false), Path.Combine(_dir.Path, "video.pdf")))!;
        var text = Poppler.Text(file.Path);
        Assert.Contains("frozen lake at first light", text); // the script, read on its exhibit page
        Assert.Contains("more characters", text);
        Assert.True(graph.Length > 10_000);
        var images = Poppler.Run("pdfimages", "-list", file.Path).Output.Split('\n').Count(l => l.Contains(" image "));
        Assert.True(images >= 2, $"the video's first frame as a thumbnail and on its page: {images} image(s)");
    }
}
