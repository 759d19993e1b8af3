using System.Diagnostics;
using CopyrightLedger.Core.Generation.InvokeAi;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class InvokeAiReaderTests
{
    // A third-party InvokeAI 5.4.2 fixture (fields: docs/FORMATS.md B3).
    private const string Fixture = """
        {"generation_mode":"sdxl_txt2img","positive_prompt":"a robot reading a book","seed":591741300,"cfg_scale":5.0,"steps":30,"scheduler":"dpmpp_2m_sde","model":{"hash":"blake3:8967…","name":"lustifySDXLNSFW_endgame","base":"sdxl"},"app_version":"5.4.2"}
        """;

    [Fact]
    public void The_v3_fixture_yields_its_fields_and_a_normalised_mode()
    {
        var info = InvokeAiReader.ReadV3(Fixture);
        Assert.Equal(("invokeai", "5.4.2", "txt2img"), (info.Generator, info.GeneratorVersion, info.Mode));
        Assert.Equal("a robot reading a book", info.Prompt);
        Assert.Null(info.NegativePrompt);
        Assert.Equal(("591741300", 30, 5.0), (info.Seed, info.Steps, info.CfgScale));
        Assert.Equal(("lustifySDXLNSFW_endgame", "blake3:8967…"), (info.Model, info.ModelHash));
        Assert.Contains(new KeyValuePair<string, string>("model.base", "sdxl"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("cfg_scale", "5.0"), info.Parameters);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void The_v3_scheduler_is_the_sampler_other_tools_name_and_the_raw_key_stays()
    {
        // InvokeAI's "scheduler" picks the sampling algorithm (euler, dpmpp_2m, …), which A1111, ComfyUI, SwarmUI,
        // Fooocus and NovelAI call the sampler: filled as the sampler so runs of different tools compare.
        var info = InvokeAiReader.ReadV3(Fixture);
        Assert.Equal(("dpmpp_2m_sde", null), (info.Sampler, info.Scheduler));
        Assert.Contains(new KeyValuePair<string, string>("scheduler", "dpmpp_2m_sde"), info.Parameters);
    }

    [Fact]
    public void Loras_in_both_shapes_strength_and_input_images_are_read()
    {
        var info = InvokeAiReader.ReadV3("""
            {"generation_mode":"flux_img2img","positive_prompt":"p","strength":0.6,"width":768,"height":512,"init_image":"0b3c.png",
             "loras":[{"model":{"key":"k1","name":"film","hash":"blake3:ab"},"weight":0.75},{"lora":{"model_name":"old_style","base_model":"sd-1"},"weight":0.5}],
             "controlnets":[{"image":{"image_name":"pose.png"},"control_weight":1}]}
            """);
        Assert.Equal(("img2img", 0.6, 768, 512), (info.Mode, info.Denoise, info.Width, info.Height));
        Assert.Equal([new LoraRef("film", 0.75, "blake3:ab"), new LoraRef("old_style", 0.5, null)], info.Loras);
        Assert.Equal(["0b3c.png", "pose.png"], info.InputImages);
    }

    [Theory]
    [InlineData("sd3_inpaint", "inpaint")]
    [InlineData("cogview4_outpaint", "outpaint")]
    [InlineData("img2img", "img2img")]
    public void Generation_mode_prefixes_are_stripped(string written, string mode) =>
        Assert.Equal(mode, InvokeAiReader.ReadV3($$"""{"generation_mode":"{{written}}"}""").Mode);

    [Fact]
    public void Values_of_the_wrong_type_or_out_of_range_are_left_empty_with_a_warning()
    {
        var info = InvokeAiReader.ReadV3("""{"seed":1.5,"steps":"thirty","width":-8,"positive_prompt":["a"]}""");
        Assert.Equal((null, null, null, null), (info.Seed, info.Steps, info.Width, info.Prompt));
        Assert.Equal(4, info.Warnings.Count);
        Assert.Contains("InvokeAI steps 'thirty' is out of range or of the wrong type; left empty", info.Warnings);
    }

    [Fact]
    public void A_dream_line_with_quotes_and_a_bracketed_negative_is_split()
    {
        var info = InvokeAiReader.ReadV2(null, """
            "a \"quiet\" harbour [blurry, text] at dusk" -s 50 -S 42 -W 512 -H 768 -C 7.5 -A k_lms
            """);
        Assert.Equal(("a \"quiet\" harbour at dusk", "blurry, text"), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("42", 50, 512, 768, 7.5, "k_lms"), (info.Seed, info.Steps, info.Width, info.Height, info.CfgScale, info.Sampler));
        Assert.Contains(new KeyValuePair<string, string>("Dream -A", "k_lms"), info.Parameters);
        Assert.Null(info.Mode);
    }

    [Fact]
    public void A_dream_line_with_an_init_image_is_img2img()
    {
        var info = InvokeAiReader.ReadV2(null, "\"a cat\" -S 7 -I \"outputs/init 1.png\" -f 0.4");
        Assert.Equal(("img2img", 0.4), (info.Mode, info.Denoise));
        Assert.Equal(["outputs/init 1.png"], info.InputImages);
    }

    [Fact]
    public void Sd_metadata_comes_first_and_the_dream_line_fills_what_it_lacks()
    {
        var info = InvokeAiReader.ReadV2("""
            {"model":"stable diffusion","model_weights":"stable-diffusion-1.5","model_hash":"cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516",
             "app_id":"invoke-ai/InvokeAI","app_version":"2.2.5",
             "image":{"prompt":[{"prompt":"a fox [lowres]","weight":1.0}],"steps":40,"cfg_scale":7.5,"height":512,"width":512,"seed":1234,"type":"txt2img","sampler":"k_euler_a"}}
            """, "\"a fox [lowres]\" -s 40 -S 1234 -W 512 -H 512 -C 7.5 -A k_euler_a --seamless");
        Assert.Equal(("a fox", "lowres", "1234", 40), (info.Prompt, info.NegativePrompt, info.Seed, info.Steps));
        Assert.Equal(("stable-diffusion-1.5", "2.2.5", "txt2img"), (info.Model, info.GeneratorVersion, info.Mode));
        Assert.StartsWith("cc6cb271", info.ModelHash);
        Assert.Contains(new KeyValuePair<string, string>("Dream --seamless", ""), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("image.sampler", "k_euler_a"), info.Parameters);
    }

    [Fact]
    public void An_unclosed_quote_and_missing_v2_data_are_refused()
    {
        Assert.Equal("InvokeAI Dream command line has an unclosed quote.",
            Assert.Throws<MetadataFormatException>(() => InvokeAiReader.ReadV2(null, "\"a cat -s 50")).Message);
        Assert.Throws<MetadataFormatException>(() => InvokeAiReader.ReadV2(" ", null));
    }

    [Theory]
    [InlineData("{\"positive_prompt\":")]
    [InlineData("\"just a string\"")]
    public void Malformed_v3_metadata_is_refused_with_a_message_naming_the_format(string json) =>
        Assert.StartsWith("InvokeAI invokeai_metadata", Assert.Throws<MetadataFormatException>(() => InvokeAiReader.ReadV3(json)).Message);

    [Fact]
    public void A_document_nested_200000_deep_is_refused_quickly()
    {
        var deep = "{\"loras\":" + new string('[', 200_000) + new string(']', 200_000) + "}";
        var clock = Stopwatch.StartNew();
        Assert.Throws<MetadataFormatException>(() => InvokeAiReader.ReadV3(deep));
        Assert.Throws<MetadataFormatException>(() => InvokeAiReader.ReadV2(deep, null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
