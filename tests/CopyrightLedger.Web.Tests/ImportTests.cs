using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Works;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

/// <summary>Bulk import on a real SQLite file and blob store: runs, candidates, lineage, duplicates, re-imports.</summary>
public sealed class ImportTests : IAsyncLifetime
{
    private readonly LedgerFactory _app = new(seedSamples: false);
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

    private async Task<(Guid CaseId, Guid WorkId)> CaseWithWorkAsync()
    {
        var caseId = await _app.Service<CaseService>().CreateAsync(_creator, "Import case", "cn-bic", "");
        var workId = await _app.Service<WorkService>().CreateAsync(_creator, caseId, "Imported", Medium.Image, "Me");
        return (caseId, workId);
    }

    private string CopySample(string sample, string folder) => Repo.CopySampleImages(sample, Path.Combine(_files.Path, folder));

    [Fact]
    public async Task A_folder_of_outputs_becomes_runs_with_their_candidates_and_a_reimport_adds_nothing()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = CopySample("li-v-liu", "li");
        var importer = _app.Service<BulkImporter>();

        var first = await importer.ImportAsync(folder, caseId, workId);
        Assert.Equal((11, 11, 4), (first.Files, first.NewFiles, first.Iterations));

        await using (var db = _app.Db())
        {
            var runs = await db.Iterations.Where(i => i.WorkId == workId).OrderBy(i => i.Sequence).ToListAsync();
            var outputs = await db.Artifacts.Where(a => a.WorkId == workId && a.IterationId != null).ToListAsync();
            Assert.Equal([2, 2, 3, 3], runs.Select(r => outputs.Count(o => o.IterationId == r.Id)));
            Assert.Equal(["2384061937", "1178924110", "3370561224", "940219437"], runs.Select(r => r.Seed));
            Assert.Equal(new DateTime(2023, 2, 24, 12, 21, 0, DateTimeKind.Utc), runs[3].ClaimedAtUtc);
            Assert.All(runs, r => Assert.Equal("chilloutmix_NiPrunedFp32Fix", r.ModelName));
            var all = await db.Artifacts.Where(a => a.CaseId == caseId).Include(a => a.Chunks).ToListAsync();
            Assert.All(all, a => Assert.Matches("^[0-9a-f]{16}$", a.PerceptualHash));
            Assert.Equal(10, all.Count(a => a.Chunks.Any(c => c.Key == "parameters")));
            // The bytes in the blob store are the file's bytes.
            var final = all.Single(a => a.OriginalFileName == "05-final.png");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "05-final.png")))), final.Sha256);
        }

        var again = await importer.ImportAsync(folder, caseId, workId);
        Assert.Equal((11, 0, 0), (again.Files, again.NewFiles, again.Iterations));
        await using var check = _app.Db();
        Assert.Equal(4, await check.Iterations.CountAsync(i => i.WorkId == workId));
        Assert.Equal(11, await check.Artifacts.CountAsync(a => a.CaseId == caseId));
    }

    [Fact]
    public async Task A_hosted_job_id_is_kept_in_its_own_column_and_the_parameters_as_read()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = Path.Combine(_files.Path, "mj");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Repo.Root, "tests", "fixtures", "metadata", "midjourney.png"), Path.Combine(folder, "midjourney.png"));
        await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);

        await using var db = _app.Db();
        var run = await db.Iterations.SingleAsync(i => i.WorkId == workId);
        Assert.Matches("^[0-9a-f-]{36}$", run.JobId);
        Assert.DoesNotContain("Job ID", run.ParametersText);
        var facts = await _app.Service<Features.Assessment.WorkFactsBuilder>().BuildAsync(workId);
        Assert.Equal(run.JobId, facts.Runs.Single().JobId);
    }

    [Fact]
    public async Task A_job_id_line_typed_into_the_parameters_is_kept_as_typed_and_is_no_platform_job_id()
    {
        var (_, workId) = await CaseWithWorkAsync();
        const string typed = "Steps: 20\nJob ID: made-up";
        await _app.Service<WorkService>().AddIterationAsync(_creator, workId,
            new WorkService.IterationInputModel("midjourney", null, null, null, "a cat", null, typed, new GenerationSettings(), null, []));

        await using var db = _app.Db();
        var run = await db.Iterations.SingleAsync(i => i.WorkId == workId);
        Assert.Equal((typed, null), (run.ParametersText, run.JobId));
        var facts = await _app.Service<Features.Assessment.WorkFactsBuilder>().BuildAsync(workId);
        Assert.Null(facts.Runs.Single().JobId);
    }

    [Fact]
    public async Task Damaged_files_are_kept_byte_for_byte_and_flagged_as_damaged()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = Path.Combine(_files.Path, "damaged");
        Directory.CreateDirectory(folder);
        var good = File.ReadAllBytes(Path.Combine(Repo.Samples, "li-v-liu", "images", "01-a.png"));
        var huge = good.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(16), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(20), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(29), Crc32.Of("IHDR"u8, huge.AsSpan(16, 13)));
        var deep = PngEncoder.Encode(2, 2, new byte[12], [("invokeai_metadata", new string('[', 100) + new string(']', 100))]);
        var files = new Dictionary<string, byte[]>
        {
            ["empty.png"] = [], ["empty-too.png"] = [], ["page.png"] = Encoding.UTF8.GetBytes("<html></html>"), ["huge.png"] = huge, ["deep.png"] = deep,
        };
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(folder, name), bytes);

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);

        foreach (var name in new[] { "empty-too.png", "page.png", "huge.png", "deep.png" })
            Assert.Contains(summary.Flags, f => f.StartsWith($"{name}: damaged: ") && f.EndsWith("; kept byte for byte."));
        Assert.Contains(summary.Flags, f => f.StartsWith("deep.png: damaged: damaged generator metadata: InvokeAI") && f.Contains("the chunk is kept raw"));
        await using var db = _app.Db();
        var kept = await db.Artifacts.Where(a => a.CaseId == caseId).Include(a => a.Chunks).ToListAsync();
        Assert.Equal(4, kept.Count); // the two empty files are the same bytes: one file (the first by name)
        foreach (var a in kept)
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[a.OriginalFileName])), a.Sha256);
        Assert.Contains(kept.Single(a => a.OriginalFileName == "deep.png").Chunks, c => c.Key == "invokeai_metadata");
    }

    [Fact]
    public async Task Rerolls_with_unrelated_seeds_are_separate_runs()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var summary = await _app.Service<BulkImporter>().ImportAsync(CopySample("reroll-only", "cats"), caseId, workId);
        Assert.Equal(6, summary.Iterations);
    }

    [Fact]
    public async Task An_img2img_run_is_linked_to_its_init_image_by_the_md5_of_its_pixels_as_a1111_writes_it()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = Path.Combine(_files.Path, "img2img");
        Directory.CreateDirectory(folder);
        var init = Path.Combine(Repo.Samples, "li-v-liu", "images", "04-b.png");
        File.Copy(init, Path.Combine(folder, "00-init.png"));
        // The hash is computed independently of our decoder: ffmpeg's raw RGB bytes, as Pillow's tobytes() gives them.
        var md5 = Convert.ToHexStringLower(MD5.HashData(FfmpegRgb24(init)));
        var parameters = $"a woman at dusk, oil painting\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 512x768, Denoising strength: 0.4, Init image hash: {md5}, Model: m";
        File.WriteAllBytes(Path.Combine(folder, "01-painted.png"), PngEncoder.Encode(2, 2, new byte[12], [("parameters", parameters)]));

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        // The init image is itself a sample output with its own run, so the img2img run derives from that run.
        Assert.Equal((2, 1), (summary.Iterations, summary.Inputs));
        Assert.Empty(summary.Flags);
        await using var db = _app.Db();
        var runs = await db.Iterations.Include(i => i.Inputs).Include(i => i.Parents).Where(i => i.WorkId == workId).OrderBy(i => i.Sequence).ToListAsync();
        var input = Assert.Single(runs[1].Inputs);
        var initArtifact = await db.Artifacts.SingleAsync(a => a.Id == input.ArtifactId);
        Assert.Equal(("00-init.png", runs[0].Id, LinkKind.Img2Img), (initArtifact.OriginalFileName, initArtifact.IterationId, input.Kind));
        Assert.Equal(runs[0].Id, Assert.Single(runs[1].Parents).ParentIterationId);
        Assert.Equal(0.4, runs[1].Denoise);
    }

    [Fact]
    public async Task A_comfyui_loadimage_links_by_name_and_a_missing_input_is_flagged_not_guessed()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = Path.Combine(_files.Path, "comfy");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Repo.Samples, "li-v-liu", "images", "01-a.png"), Path.Combine(folder, "sketch.png"));
        File.WriteAllBytes(Path.Combine(folder, "out.png"), PngEncoder.Encode(2, 2, new byte[12], [("prompt", ComfyImg2Img("sketch.png [input]"))]));
        File.WriteAllBytes(Path.Combine(folder, "out2.png"), PngEncoder.Encode(2, 2, new byte[12], [("prompt", ComfyImg2Img("elsewhere.png"))]));

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        Assert.Equal((3, 1), (summary.Iterations, summary.Inputs)); // sketch.png is a sample output with its own run
        Assert.Contains(summary.Flags, f => f.Contains("out2.png") && f.Contains("elsewhere.png") && f.Contains("unlinked"));
    }

    [Fact]
    public async Task An_xmp_derived_file_becomes_a_human_edit_whose_kind_is_not_invented()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = Path.Combine(_files.Path, "xmp");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "a-original.png"), PngEncoder.Encode(2, 2, new byte[12], [("XML:com.adobe.xmp", Xmp("xmp.iid:one", null))]));
        File.WriteAllBytes(Path.Combine(folder, "b-edited.png"), PngEncoder.Encode(2, 2, Enumerable.Repeat((byte)200, 12).ToArray(), [("XML:com.adobe.xmp", Xmp("xmp.iid:two", "xmp.iid:one"))]));

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        Assert.Equal(1, summary.Edits);
        await using var db = _app.Db();
        var edit = await db.HumanEdits.SingleAsync(e => e.WorkId == workId);
        Assert.Equal((EditKind.Other, "Adobe Photoshop 25.0"), (edit.Kind, edit.Tool));
        Assert.Equal(new DateTime(2025, 11, 29, 4, 0, 0, DateTimeKind.Utc), edit.PerformedAtUtc);
        Assert.Equal(480, edit.PerformedOffsetMinutes);
    }

    [Fact]
    public async Task A_damaged_file_is_kept_and_flagged_and_the_rest_is_imported()
    {
        var (caseId, workId) = await CaseWithWorkAsync();
        var folder = CopySample("reroll-only", "damaged");
        var bytes = File.ReadAllBytes(Path.Combine(folder, "cat-1.png"));
        File.WriteAllBytes(Path.Combine(folder, "cat-1.png"), bytes[..(bytes.Length / 2)]);

        var summary = await _app.Service<BulkImporter>().ImportAsync(folder, caseId, workId);
        Assert.Equal((6, 6, 5), (summary.Files, summary.NewFiles, summary.Iterations));
        Assert.Contains(summary.Flags, f => f.StartsWith("cat-1.png: damaged: ", StringComparison.Ordinal) && f.EndsWith("; kept byte for byte.", StringComparison.Ordinal));
        var blobs = _app.Service<Storage.BlobStore>();
        Assert.True(blobs.Exists(Core.Hashing.Sha256Hex.Of(bytes[..(bytes.Length / 2)])));
    }

    [Fact]
    public void A_zip_that_reaches_outside_its_folder_is_refused()
    {
        var zip = Path.Combine(_files.Path, "evil.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(archive.CreateEntry("../../outside.txt").Open());
            w.Write("x");
        }
        var target = Path.Combine(_files.Path, "unpacked");
        Directory.CreateDirectory(target);
        var refused = _app.Service<ImportStaging>().Unpack(zip, target);
        Assert.Contains("climbs out of the archive", Assert.Single(refused));
        Assert.False(File.Exists(Path.Combine(_files.Path, "outside.txt")));
    }

    [Fact]
    public void A_zip_is_unpacked_with_its_folders()
    {
        var zip = Path.Combine(_files.Path, "batch.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            archive.CreateEntryFromFile(Path.Combine(Repo.Samples, "li-v-liu", "images", "01-a.png"), "run1/01-a.png");
        var target = Path.Combine(_files.Path, "batch");
        Directory.CreateDirectory(target);
        Assert.Empty(_app.Service<ImportStaging>().Unpack(zip, target));
        Assert.True(File.Exists(Path.Combine(target, "batch", "run1", "01-a.png")));
    }

    private static string ComfyImg2Img(string image) =>
        "{\"1\":{\"class_type\":\"LoadImage\",\"inputs\":{\"image\":\"" + image + "\"}},\"2\":{\"class_type\":\"CheckpointLoaderSimple\",\"inputs\":{\"ckpt_name\":\"m.safetensors\"}},"
        + "\"3\":{\"class_type\":\"VAEEncode\",\"inputs\":{\"pixels\":[\"1\",0],\"vae\":[\"2\",2]}},\"4\":{\"class_type\":\"CLIPTextEncode\",\"inputs\":{\"text\":\"ink\",\"clip\":[\"2\",1]}},"
        + "\"5\":{\"class_type\":\"KSampler\",\"inputs\":{\"seed\":1,\"steps\":10,\"cfg\":5,\"sampler_name\":\"euler\",\"scheduler\":\"normal\",\"denoise\":0.5,\"model\":[\"2\",0],\"positive\":[\"4\",0],\"negative\":[\"4\",0],\"latent_image\":[\"3\",0]}},"
        + "\"6\":{\"class_type\":\"VAEDecode\",\"inputs\":{\"samples\":[\"5\",0],\"vae\":[\"2\",2]}},\"7\":{\"class_type\":\"SaveImage\",\"inputs\":{\"images\":[\"6\",0],\"filename_prefix\":\"x\"}}}";

    private static string Xmp(string instance, string? derivedFrom) =>
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" "
        + "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" xmlns:stRef=\"http://ns.adobe.com/xap/1.0/sType/ResourceRef#\" xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\" "
        + $"xmp:CreatorTool=\"Adobe Photoshop 25.0\" xmpMM:InstanceID=\"{instance}\" xmpMM:DocumentID=\"xmp.did:{instance}\">"
        + (derivedFrom is null ? "" : $"<xmpMM:DerivedFrom stRef:instanceID=\"{derivedFrom}\"/>")
        + "<xmpMM:History><rdf:Seq><rdf:li stEvt:action=\"saved\" stEvt:when=\"2025-11-29T12:00:00+08:00\" stEvt:changed=\"/\" stEvt:softwareAgent=\"Adobe Photoshop 25.0\"/></rdf:Seq></xmpMM:History>"
        + "</rdf:Description></rdf:RDF></x:xmpmeta>";

    private static byte[] FfmpegRgb24(string path)
    {
        var psi = new ProcessStartInfo("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return ms.ToArray();
    }
}
