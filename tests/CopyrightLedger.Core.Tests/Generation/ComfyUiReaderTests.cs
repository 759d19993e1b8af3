using System.Diagnostics;
using System.Text;
using CopyrightLedger.Core.Generation.ComfyUi;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class ComfyUiReaderTests
{
    // The default graph of comfyanonymous/ComfyUI script_examples/basic_api_example.py (the walk: docs/FORMATS.md B2).
    private const string DefaultGraph = """
        {"3":{"class_type":"KSampler","inputs":{"cfg":8,"denoise":1,"latent_image":["5",0],"model":["4",0],"negative":["7",0],"positive":["6",0],"sampler_name":"euler","scheduler":"normal","seed":8566257,"steps":20}},
         "4":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"v1-5-pruned-emaonly.safetensors"}},
         "5":{"class_type":"EmptyLatentImage","inputs":{"batch_size":1,"height":512,"width":512}},
         "6":{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"masterpiece best quality girl"}},
         "7":{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"bad hands"}},
         "8":{"class_type":"VAEDecode","inputs":{"samples":["3",0],"vae":["4",2]}},
         "9":{"class_type":"SaveImage","inputs":{"filename_prefix":"ComfyUI","images":["8",0]}}}
        """;

    [Fact]
    public void The_default_graph_yields_every_common_field()
    {
        var info = ComfyUiReader.Read(DefaultGraph, null);
        Assert.Equal("comfyui", info.Generator);
        Assert.Equal(("masterpiece best quality girl", "bad hands"), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("8566257", 20, 8.0, "euler", "normal", 1.0), (info.Seed, info.Steps, info.CfgScale, info.Sampler, info.Scheduler, info.Denoise));
        Assert.Equal("v1-5-pruned-emaonly.safetensors", info.Model);
        Assert.Equal((512, 512, "txt2img"), (info.Width, info.Height, info.Mode));
        Assert.Empty(info.Loras);
        Assert.Empty(info.InputImages);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Parameters_list_every_literal_input_by_numeric_node_id_then_input_name_and_skip_links()
    {
        var graph = DefaultGraph.Replace("\"9\":", "\"10\":");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal(
            ["3.KSampler.cfg", "3.KSampler.denoise", "3.KSampler.sampler_name", "3.KSampler.scheduler", "3.KSampler.seed", "3.KSampler.steps",
             "4.CheckpointLoaderSimple.ckpt_name", "5.EmptyLatentImage.batch_size", "5.EmptyLatentImage.height", "5.EmptyLatentImage.width",
             "6.CLIPTextEncode.text", "7.CLIPTextEncode.text", "10.SaveImage.filename_prefix"],
            info.Parameters.Select(p => p.Key));
        Assert.Equal("8", info.Parameters[0].Value);
        Assert.Equal("ComfyUI", info.Parameters[^1].Value);
    }

    [Fact]
    public void Sdxl_text_g_is_the_prompt_and_a_different_text_l_is_kept_beside_it()
    {
        var graph = DefaultGraph
            .Replace("""{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"masterpiece best quality girl"}}""",
                """{"class_type":"CLIPTextEncodeSDXL","inputs":{"clip":["4",1],"text_g":"a castle at dawn","text_l":"watercolour","width":1024,"height":1024}}""")
            .Replace("""{"class_type":"CLIPTextEncode","inputs":{"clip":["4",1],"text":"bad hands"}}""",
                """{"class_type":"CLIPTextEncodeSDXL","inputs":{"clip":["4",1],"text_g":"blurry","text_l":"blurry"}}""");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal(("a castle at dawn", "blurry"), (info.Prompt, info.NegativePrompt));
        Assert.Contains(new KeyValuePair<string, string>("prompt_l", "watercolour"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("6.CLIPTextEncodeSDXL.text_l", "watercolour"), info.Parameters);
        Assert.DoesNotContain(info.Parameters, p => p.Key == "negative_prompt_l");
    }

    [Fact]
    public void A_lora_chain_is_listed_in_the_order_it_is_applied_and_the_checkpoint_is_found_behind_it()
    {
        var graph = DefaultGraph
            .Replace("\"model\":[\"4\",0]", "\"model\":[\"11\",0]")
            .Replace("\"9\":", """
                "10":{"class_type":"LoraLoader","inputs":{"lora_name":"film_grain.safetensors","strength_model":0.8,"strength_clip":1,"model":["4",0],"clip":["4",1]}},
                "11":{"class_type":"LoraLoaderModelOnly","inputs":{"lora_name":"detail.safetensors","strength_model":0.35,"model":["10",0]}},
                "9":
                """);
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal("v1-5-pruned-emaonly.safetensors", info.Model);
        Assert.Equal([new LoraRef("film_grain.safetensors", 0.8, null), new LoraRef("detail.safetensors", 0.35, null)], info.Loras);
    }

    [Fact]
    public void KSamplerAdvanced_noise_seed_keeps_the_full_64_bit_value()
    {
        var graph = DefaultGraph.Replace("\"KSampler\"", "\"KSamplerAdvanced\"").Replace("\"seed\":8566257", "\"noise_seed\":18446744073709551615");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal("18446744073709551615", info.Seed);
        Assert.Contains(new KeyValuePair<string, string>("3.KSamplerAdvanced.noise_seed", "18446744073709551615"), info.Parameters);
    }

    [Fact]
    public void A_prompt_from_a_string_primitive_is_followed()
    {
        var graph = DefaultGraph
            .Replace("\"text\":\"masterpiece best quality girl\"", "\"text\":[\"20\",0]")
            .Replace("\"9\":", "\"20\":{\"class_type\":\"PrimitiveString\",\"inputs\":{\"value\":\"a red fox\"}},\"9\":");
        Assert.Equal("a red fox", ComfyUiReader.Read(graph, null).Prompt);
    }

    [Fact]
    public void A_prompt_fed_by_an_unknown_custom_node_stays_empty_with_a_warning_naming_the_node()
    {
        var graph = DefaultGraph
            .Replace("\"text\":\"masterpiece best quality girl\"", "\"text\":[\"20\",0]")
            .Replace("\"9\":", "\"20\":{\"class_type\":\"WildcardMixer\",\"inputs\":{\"wildcard\":\"__animals__\",\"seed\":3}},\"9\":");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Null(info.Prompt);
        Assert.Equal("bad hands", info.NegativePrompt);
        Assert.Equal(["custom node WildcardMixer: prompt not resolved"], info.Warnings);
    }

    [Fact]
    public void A_link_cycle_ends_the_walk_with_a_warning()
    {
        var graph = DefaultGraph
            .Replace("\"positive\":[\"6\",0]", "\"positive\":[\"20\",0]")
            .Replace("\"9\":", """
                "20":{"class_type":"ConditioningSetTimestepRange","inputs":{"conditioning":["21",0],"start":0,"end":1}},
                "21":{"class_type":"ConditioningSetTimestepRange","inputs":{"conditioning":["20",0],"start":0,"end":1}},
                "9":
                """);
        var info = ComfyUiReader.Read(graph, null);
        Assert.Null(info.Prompt);
        Assert.Equal(["prompt not resolved: link cycle through node 20"], info.Warnings);
    }

    [Fact]
    public void An_image_encoded_from_LoadImage_makes_the_run_img2img()
    {
        var graph = DefaultGraph
            .Replace("\"latent_image\":[\"5\",0]", "\"latent_image\":[\"21\",0]")
            .Replace("\"9\":", """
                "20":{"class_type":"LoadImage","inputs":{"image":"sketch.png","upload":"image"}},
                "21":{"class_type":"VAEEncode","inputs":{"pixels":["20",0],"vae":["4",2]}},
                "9":
                """);
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal("img2img", info.Mode);
        Assert.Equal(["sketch.png"], info.InputImages);
        Assert.Null(info.Width);
    }

    [Fact]
    public void SamplerCustomAdvanced_settings_are_read_from_the_nodes_feeding_it()
    {
        const string graph = """
            {"1":{"class_type":"UNETLoader","inputs":{"unet_name":"flux1-dev.safetensors","weight_dtype":"default"}},
             "2":{"class_type":"CLIPTextEncode","inputs":{"text":"a lighthouse","clip":["9",0]}},
             "3":{"class_type":"RandomNoise","inputs":{"noise_seed":972054013131368}},
             "4":{"class_type":"BasicGuider","inputs":{"model":["1",0],"conditioning":["2",0]}},
             "5":{"class_type":"KSamplerSelect","inputs":{"sampler_name":"euler"}},
             "6":{"class_type":"BasicScheduler","inputs":{"scheduler":"simple","steps":20,"denoise":1,"model":["1",0]}},
             "7":{"class_type":"EmptySD3LatentImage","inputs":{"width":1024,"height":768,"batch_size":1}},
             "8":{"class_type":"SamplerCustomAdvanced","inputs":{"noise":["3",0],"guider":["4",0],"sampler":["5",0],"sigmas":["6",0],"latent_image":["7",0]}},
             "10":{"class_type":"VAEDecode","inputs":{"samples":["8",0],"vae":["11",0]}},
             "12":{"class_type":"SaveImage","inputs":{"images":["10",0],"filename_prefix":"flux"}}}
            """;
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal(("a lighthouse", "972054013131368", 20, "euler", "simple"), (info.Prompt, info.Seed, info.Steps, info.Sampler, info.Scheduler));
        Assert.Equal(("flux1-dev.safetensors", 1024, 768), (info.Model, info.Width, info.Height));
        Assert.Null(info.NegativePrompt);
    }

    [Fact]
    public void Without_an_output_node_the_first_sampler_is_read_and_the_fallback_is_reported()
    {
        var graph = DefaultGraph.Replace("\"SaveImage\"", "\"SaveAnimatedWEBP\"");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal(("masterpiece best quality girl", "8566257"), (info.Prompt, info.Seed));
        Assert.Equal(["no output node; read sampler node 3"], info.Warnings);
    }

    [Fact]
    public void Values_of_the_wrong_type_or_out_of_range_are_left_empty_with_a_warning()
    {
        var graph = DefaultGraph.Replace("\"steps\":20", "\"steps\":\"20\"").Replace("\"seed\":8566257", "\"seed\":-1").Replace("\"denoise\":1", "\"denoise\":1.5");
        var info = ComfyUiReader.Read(graph, null);
        Assert.Equal((null, null, null), (info.Seed, info.Steps, info.Denoise));
        Assert.Equal(3, info.Warnings.Count);
        Assert.Contains(info.Warnings, w => w == "seed '-1' is out of range or of the wrong type; left empty");
    }

    [Fact]
    public void The_workflow_is_only_checked_to_be_json()
    {
        Assert.Empty(ComfyUiReader.Read(DefaultGraph, """{"last_node_id":9,"nodes":[]}""").Warnings);
        var warning = Assert.Single(ComfyUiReader.Read(DefaultGraph, "{not json").Warnings);
        Assert.StartsWith("ComfyUI workflow is not valid JSON", warning);
    }

    [Theory]
    [InlineData("{\"3\":{\"class_type\":\"KSampler\",")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"3\":{\"inputs\":{}}}")]
    [InlineData("{\"3\":{\"class_type\":\"KSampler\",\"inputs\":[]}}")]
    public void Malformed_prompts_are_refused_with_a_message_naming_the_format(string prompt)
    {
        var error = Assert.Throws<MetadataFormatException>(() => ComfyUiReader.Read(prompt, null));
        Assert.StartsWith("ComfyUI prompt", error.Message);
    }

    [Fact]
    public void A_document_nested_200000_deep_is_refused_quickly()
    {
        var deep = "{\"3\":" + new string('[', 200_000) + new string(']', 200_000) + "}";
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<MetadataFormatException>(() => ComfyUiReader.Read(deep, null));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Contains("depth", error.Message);
    }

    [Fact]
    public void More_nodes_than_the_limit_are_refused()
    {
        var json = new StringBuilder("{");
        for (var i = 0; i <= ReadLimits.MaxComfyNodes; i++)
            json.Append(i == 0 ? "" : ",").Append($"\"{i}\":{{\"class_type\":\"Note\",\"inputs\":{{}}}}");
        var error = Assert.Throws<MetadataFormatException>(() => ComfyUiReader.Read(json.Append('}').ToString(), null));
        Assert.Equal($"ComfyUI prompt has more than {ReadLimits.MaxComfyNodes} nodes.", error.Message);
    }
}
