using System.Diagnostics;
using System.Text.Json;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>Each golden fixture parses to the fields its tool wrote, and exiftool reads the same text from it.</summary>
public sealed class MetadataFixtureTests
{
    public static TheoryData<string> Names() => new(MetadataFixtures.All().Select(f => f.Name));

    private static FileMetadata Read(string name)
    {
        using var s = File.OpenRead(Path.Combine(MetadataFixtures.Folder, name));
        return MetadataReader.Read(s, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_committed_fixture_is_what_the_writer_makes(string name)
    {
        if (Environment.GetEnvironmentVariable("LEDGER_WRITE_FIXTURES") == "1") MetadataFixtures.WriteAll();
        var expected = MetadataFixtures.All().Single(f => f.Name == name).Bytes;
        var path = Path.Combine(MetadataFixtures.Folder, name);
        Assert.True(File.Exists(path), $"{path} is missing: LEDGER_WRITE_FIXTURES=1 dotnet test --filter MetadataFixtureTests");
        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} differs from the writer's output");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_fixture_reads_without_error_or_warning(string name)
    {
        var m = Read(name);
        Assert.Null(m.Error);
        Assert.Empty(m.Warnings);
        Assert.NotEmpty(m.Chunks);
    }

    // file, generator, prompt start, negative, seed, steps, cfg, sampler, model, size
    [Theory]
    [InlineData("a1111.png", "a1111", "masterpiece, best quality, 1girl", "lowres, bad anatomy,\nworst quality", "3370561224", 28, 6.5, "DPM++ 2M", "chilloutmix_NiPrunedFp32Fix", "512x768")]
    [InlineData("a1111.jpg", "a1111", "masterpiece, best quality, 1girl", "lowres, bad anatomy,\nworst quality", "3370561224", 28, 6.5, "DPM++ 2M", "chilloutmix_NiPrunedFp32Fix", "512x768")]
    [InlineData("forge.png", "forge", "a lighthouse at dawn", "", "1083098466", 20, 1.0, "Euler", "flux-hyp16-Q5_0", "1360x792")]
    [InlineData("sdnext.png", "sdnext", "portrait of an old fisherman", "blurry", "42", 30, 5.0, "DPM++ 2M", "sdxl_base", "832x1216")]
    [InlineData("comfyui.png", "comfyui", "masterpiece best quality girl", "bad hands", "8566257", 20, 8.0, "euler", "v1-5-pruned-emaonly.safetensors", "512x512")]
    [InlineData("comfyui.webp", "comfyui", "masterpiece best quality girl", "bad hands", "8566257", 20, 8.0, "euler", "v1-5-pruned-emaonly.safetensors", "512x512")]
    [InlineData("comfyui-sdxl.png", "comfyui", "an ink drawing of a crane", "photo", "18446744073709551615", 25, 7.5, "dpmpp_2m", "sd_xl_base_1.0.safetensors", "1024x1024")]
    [InlineData("invokeai.png", "invokeai", "a robot reading a book", "", "591741300", 30, 5.0, "dpmpp_2m_sde", "lustifySDXLNSFW_endgame", "1024x1024")]
    [InlineData("invokeai2.png", "invokeai", "a tabby cat on a windowsill", "dog, blurry", "42", 50, 7.5, "k_lms", null, "512x512")]
    [InlineData("novelai.png", "novelai", "1girl, cherry blossoms, spring wind", "lowres, bad anatomy", "1748315263", 28, 5.0, "k_euler_ancestral", null, "832x1216")]
    [InlineData("fooocus.png", "fooocus", "a cozy cabin in the snow", "", "127589946317439009", 30, 4.0, "dpmpp_2m_sde_gpu", "juggernautXL_v8Rundiffusion", "1152x896")]
    [InlineData("swarmui.png", "swarmui", "a photo of a cat", "", "1", 20, 7.0, null, "OfficialStableDiffusion/sd_xl_base_1.0", "1024x1024")]
    [InlineData("midjourney.png", "midjourney", "example of a paper lantern festival", null, "3141", null, null, null, null, null)]
    public void Generation_fields_are_read_as_the_tool_wrote_them(string name, string generator, string prompt, string? negative,
        string seed, int? steps, double? cfg, string? sampler, string? model, string? size)
    {
        var g = Read(name).Generation;
        Assert.NotNull(g);
        Assert.Equal(generator, g.Generator);
        Assert.StartsWith(prompt, g.Prompt);
        if (negative is not null) Assert.Equal(negative, g.NegativePrompt ?? "");
        Assert.Equal(seed, g.Seed);
        Assert.Equal(steps, g.Steps);
        Assert.Equal(cfg, g.CfgScale);
        if (sampler is not null) Assert.Equal(sampler, g.Sampler);
        if (model is not null) Assert.Equal(model, g.Model);
        Assert.Equal(size, g.Size);
    }

    [Fact]
    public void A1111_loras_lineage_and_civitai_extras_are_kept()
    {
        var g = Read("a1111.png").Generation!;
        var lora = Assert.Single(g.Loras);
        Assert.Equal(("filmGrain", 0.7, "9d0f5a8e2b11"), (lora.Name, lora.Weight, lora.Hash));
        Assert.Equal(["6f1ed002ab"], g.InputImages);
        Assert.Equal("img2img", g.Mode);
        Assert.Contains(g.Parameters, p => p.Key == "Civitai resources" && p.Value.StartsWith("[{", StringComparison.Ordinal));
    }

    [Fact]
    public void Midjourney_job_id_and_xmp_source_type_are_read()
    {
        var m = Read("midjourney.png");
        Assert.Equal("a7421d2f-b262-44f9-977c-ac23e9c7d3e3", m.Generation!.JobId);
        Assert.Equal("trainedAlgorithmicMedia", m.DigitalSourceType);
    }

    [Fact]
    public void Photoshop_history_and_ancestry_are_read_from_xmp()
    {
        var m = Read("photoshop.jpg");
        var x = m.Xmp!;
        Assert.Equal(["created", "saved", "converted"], x.History.Select(e => e.Action));
        Assert.Equal("/", x.History[1].Changed);
        Assert.Equal("2025-11-29T11:59:21+08:00", x.History[1].When);
        Assert.Equal("xmp.did:eb4776ba-28cb-9d4f-8b17-31f3174b358b", x.DerivedFromDocumentId);
        Assert.Equal("compositeWithTrainedAlgorithmicMedia", m.DigitalSourceType);
        Assert.Equal("2025:11:29 12:03:40+08:00", m.ClaimedTime);
        Assert.Equal((8, 8), (m.Width, m.Height));
    }

    [Theory]
    [InlineData("chatgpt.png")]
    [InlineData("chatgpt.webp")]
    [InlineData("sora.mp4")]
    [InlineData("firefly.jpg")]
    public void C2pa_manifests_are_found_in_every_container_and_marked_not_validated(string name)
    {
        var m = Read(name);
        var c = m.C2pa!;
        Assert.True(c.Present);
        Assert.Equal("not validated", c.Validation);
        Assert.Equal("ChatGPT", c.ClaimGenerator);
        Assert.Equal(["c2pa.created", "c2pa.converted"], c.Actions.Select(a => a.Action));
        Assert.Equal("trainedAlgorithmicMedia", m.DigitalSourceType);
        Assert.Null(c.Error);
    }

    /// <summary>
    /// Cross-check with exiftool: every text entry we decode from a fixture appears, character for character, among the
    /// values exiftool reads from the same file (so a decoding slip, Latin-1 for UTF-8 say, cannot pass unnoticed).
    /// </summary>
    [Fact]
    public void Exiftool_reads_the_same_text_from_the_fixtures()
    {
        var psi = new ProcessStartInfo("exiftool", ["-j", "-charset", "UTF8", "-b", "-XMP-xmpMM:All", "-PNG:All", "-EXIF:UserComment", "-EXIF:Make", "-EXIF:Model", "-XMP:DigitalSourceType", MetadataFixtures.Folder])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("exiftool did not start (./ledger test installs libimage-exiftool-perl)");
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        using var doc = JsonDocument.Parse(json);
        var checkedEntries = 0;
        foreach (var file in doc.RootElement.EnumerateArray())
        {
            var name = Path.GetFileName(file.GetProperty("SourceFile").GetString()!);
            var values = file.EnumerateObject().Select(v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText()).ToHashSet();
            var ours = Read(name);
            // exiftool parses an XMP packet instead of printing it; its digital source type is compared instead.
            if (file.TryGetProperty("DigitalSourceType", out var dst))
            {
                Assert.Equal(dst.GetString()!.Split('/')[^1], ours.DigitalSourceType);
                checkedEntries++;
            }
            foreach (var t in ours.Text.Where(t => (t.Source.StartsWith("png:", StringComparison.Ordinal) || t.Key == "parameters") && t.Key != "XML:com.adobe.xmp"))
            {
                Assert.True(values.Contains(t.Text), $"{name}: exiftool has no value equal to our '{t.Key}' ({t.Text[..Math.Min(60, t.Text.Length)]}...)");
                checkedEntries++;
            }
        }
        Assert.True(checkedEntries >= 20, $"only {checkedEntries} entries were cross-checked");
    }
}
