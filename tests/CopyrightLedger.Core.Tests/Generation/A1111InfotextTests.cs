using CopyrightLedger.Core.Generation;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class A1111InfotextTests
{
    [Fact]
    public void The_classic_layout_splits_into_prompt_negative_and_parameters()
    {
        var info = A1111Infotext.Parse("""
            masterpiece, 1girl, dusk
            Negative prompt: ugly, (((deformed))), [blurry]
            Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x768, Model hash: 45dee52b
            """);
        Assert.Equal("masterpiece, 1girl, dusk", info.Prompt);
        Assert.Equal("ugly, (((deformed))), [blurry]", info.NegativePrompt);
        Assert.Equal("45dee52b", info.Get("Model hash"));
        var s = info.ToSettings();
        Assert.Equal(("965400086", 20, 7.0, "Euler a", 512, 768), (s.Seed, s.Steps, s.CfgScale, s.Sampler, s.Width, s.Height));
        Assert.Equal("a1111", info.Generator);
    }

    [Fact]
    public void Lines_after_the_negative_marker_stay_in_the_negative_prompt_and_multi_line_prompts_stay_whole()
    {
        var info = A1111Infotext.Parse("line one\nline two\nNegative prompt: bad\nworse\nSteps: 20, Seed: 1, Size: 64x64");
        Assert.Equal("line one\nline two", info.Prompt);
        Assert.Equal("bad\nworse", info.NegativePrompt);
    }

    [Fact]
    public void A_last_line_with_fewer_than_three_pairs_belongs_to_the_prompt()
    {
        var info = A1111Infotext.Parse("a portrait\nstyle: film, mood: calm");
        Assert.Equal("a portrait\nstyle: film, mood: calm", info.Prompt);
        Assert.Empty(info.Parameters);
    }

    [Fact]
    public void Quoted_values_and_civitai_unquoted_json_stay_whole()
    {
        var info = A1111Infotext.Parse("""
            p
            Steps: 30, Seed: 18446744073709551615, Lora hashes: "film: 1a2b3c4d, grain: 5e6f7a8b", Hashes: {"model": "fc2511737a", "lora:film": "1a2b"}, Civitai resources: [{"type":"checkpoint","modelVersionId":11745}], Version: f2.0.1v1.10.1-previous-669-gdfdcbab6
            """);
        Assert.Equal("film: 1a2b3c4d, grain: 5e6f7a8b", info.Get("Lora hashes"));
        Assert.Equal("""{"model": "fc2511737a", "lora:film": "1a2b"}""", info.Get("Hashes"));
        Assert.Equal("""[{"type":"checkpoint","modelVersionId":11745}]""", info.Get("Civitai resources"));
        Assert.Equal("18446744073709551615", info.ToSettings().Seed);
        Assert.Equal("forge", info.Generator);
    }

    [Theory]
    [InlineData("Version: neo-1.0", "forge-neo")]
    [InlineData("App: SD.Next, Version: 2024-05", "sdnext")]
    [InlineData("Hashes: {\"model\":\"\"}, Version: ComfyUI", "comfyui")]
    [InlineData("Version: v1.3.2", "a1111")]
    public void The_writer_is_told_by_its_version_and_app_keys(string tail, string generator) =>
        Assert.Equal(generator, A1111Infotext.Parse($"p\nSteps: 20, Seed: 1, {tail}").Generator);

    [Fact]
    public void Bad_numbers_become_unknown_not_errors()
    {
        var s = A1111Infotext.Parse("p\nSteps: many, Seed: -1, Size: 0x512, CFG scale: NaN, Denoising strength: 1.7").ToSettings();
        Assert.Equal((null, null, null, null, null, null), (s.Steps, s.Seed, s.Width, s.Height, s.CfgScale, s.Denoise));
    }

    [Fact]
    public void Format_quotes_like_a1111_and_round_trips()
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("Steps", "20"), new("Seed", "42"), new("Lora hashes", "film: 1a2b, grain: 3c4d"), new("Hires upscaler", "Hires upscaler"),
        };
        var text = A1111Infotext.Format("春风, dusk", "lowres", parameters);
        Assert.Equal("春风, dusk\nNegative prompt: lowres\nSteps: 20, Seed: 42, Lora hashes: \"film: 1a2b, grain: 3c4d\", Hires upscaler", text);
        var back = A1111Infotext.Parse(text);
        Assert.Equal(("春风, dusk", "lowres"), (back.Prompt, back.NegativePrompt));
        Assert.Equal(parameters, back.Parameters);
    }
}
