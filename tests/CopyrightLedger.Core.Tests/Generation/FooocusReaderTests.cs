using CopyrightLedger.Core.Generation.Fooocus;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class FooocusReaderTests
{
    private const string Json = """
        {"adm_guidance":"(1.5, 0.8, 0.3)","base_model":"juggernautXL_v8Rundiffusion.safetensors","base_model_hash":"aeb7e9e689","clip_skip":2,
         "full_prompt":["a lighthouse in a storm, cinematic"],"full_negative_prompt":["blurry"],"guidance_scale":4,
         "loras":[["sd_xl_offset_example-lora_1.0.safetensors",0.1,"4852686128"],["film.safetensors",0.5]],"metadata_scheme":"fooocus",
         "negative_prompt":"blurry","performance":"Speed","prompt":"a lighthouse in a storm","refiner_model":"None","resolution":"(1152, 896)",
         "sampler":"dpmpp_2m_sde_gpu","scheduler":"karras","seed":"127589946317439009","sharpness":2,"steps":30,"styles":"['Fooocus V2']","version":"Fooocus v2.5.5"}
        """;

    [Fact]
    public void The_fooocus_scheme_reads_the_json_keys()
    {
        var info = FooocusReader.Read(Json, "fooocus");
        Assert.Equal(("fooocus", "Fooocus v2.5.5"), (info.Generator, info.GeneratorVersion));
        Assert.Equal(("a lighthouse in a storm", "blurry"), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("127589946317439009", 30, 4.0, "dpmpp_2m_sde_gpu", "karras"), (info.Seed, info.Steps, info.CfgScale, info.Sampler, info.Scheduler));
        Assert.Equal(("juggernautXL_v8Rundiffusion.safetensors", "aeb7e9e689", 1152, 896), (info.Model, info.ModelHash, info.Width, info.Height));
        Assert.Equal([new LoraRef("sd_xl_offset_example-lora_1.0.safetensors", 0.1, "4852686128"), new LoraRef("film.safetensors", 0.5, null)], info.Loras);
        Assert.Contains(new KeyValuePair<string, string>("sharpness", "2"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("full_prompt", """["a lighthouse in a storm, cinematic"]"""), info.Parameters);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Json_parameters_without_a_scheme_are_read_as_json()
    {
        Assert.Equal("127589946317439009", FooocusReader.Read(Json, null).Seed);
        var info = FooocusReader.Read(Json, "mystery");
        Assert.Equal("a lighthouse in a storm", info.Prompt);
        Assert.Equal(["Fooocus scheme 'mystery' is unknown; read by its content"], info.Warnings);
    }

    [Fact]
    public void The_a1111_scheme_is_read_as_an_infotext_under_the_fooocus_name()
    {
        var info = FooocusReader.Read("""
            a lighthouse in a storm, cinematic
            Negative prompt: blurry
            Steps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 127589946317439009, Size: 1152x896, CFG scale: 4, Sharpness: 2, Model: juggernautXL_v8Rundiffusion, Model hash: aeb7e9e689, Lora hashes: "sd_xl_offset: 4852686128", Lora weights: "sd_xl_offset: 0.1", Version: Fooocus v2.5.5
            """, "a1111");
        Assert.Equal(("fooocus", "Fooocus v2.5.5"), (info.Generator, info.GeneratorVersion));
        Assert.Equal(("a lighthouse in a storm, cinematic", "blurry"), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("127589946317439009", 30, 4.0, 1152, 896), (info.Seed, info.Steps, info.CfgScale, info.Width, info.Height));
        Assert.Equal(("juggernautXL_v8Rundiffusion", "aeb7e9e689"), (info.Model, info.ModelHash));
        Assert.Equal([new LoraRef("sd_xl_offset", 0.1, "4852686128")], info.Loras);
        Assert.Contains(new KeyValuePair<string, string>("Sharpness", "2"), info.Parameters);
    }

    [Fact]
    public void A_bad_resolution_and_a_bad_seed_are_left_empty_with_warnings()
    {
        var info = FooocusReader.Read("""{"resolution":"1152 by 896","seed":"-3","steps":30}""", "fooocus");
        Assert.Equal((null, null, null, 30), (info.Width, info.Height, info.Seed, info.Steps));
        Assert.Equal(2, info.Warnings.Count);
        Assert.Contains("Fooocus resolution '1152 by 896' is not \"(width, height)\"; left empty", info.Warnings);
    }

    [Theory]
    [InlineData("a lighthouse\nSteps: 30, Seed: 1, Size: 64x64")]
    [InlineData("{\"prompt\":")]
    [InlineData("[]")]
    public void Fooocus_scheme_parameters_that_are_not_a_json_object_are_refused(string parameters) =>
        Assert.StartsWith("Fooocus parameters", Assert.Throws<MetadataFormatException>(() => FooocusReader.Read(parameters, "fooocus")).Message);

    [Fact]
    public void A_document_nested_200000_deep_is_refused()
    {
        var deep = "{\"loras\":" + new string('[', 200_000) + new string(']', 200_000) + "}";
        Assert.Throws<MetadataFormatException>(() => FooocusReader.Read(deep, "fooocus"));
    }
}
