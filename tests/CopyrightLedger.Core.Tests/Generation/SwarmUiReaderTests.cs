using CopyrightLedger.Core.Generation.SwarmUi;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class SwarmUiReaderTests
{
    // The example in SwarmUI's own docs/Image Metadata Format.md (fields: docs/FORMATS.md B3).
    private const string Example = """
        {"sui_image_params":{"prompt":"a photo of a cat","model":"OfficialStableDiffusion/sd_xl_base_1.0","seed":1,"steps":20,"cfgscale":7.0,"width":1024,"height":1024,"negativeprompt":"","swarm_version":"0.9.3.1"},"sui_extra_data":{"date":"2025-01-25"},"sui_models":[{"name":"OfficialStableDiffusion/sd_xl_base_1.0.safetensors","param":"model","hash":"0xd7a9…e1d7"}]}
        """;

    [Fact]
    public void The_documented_example_is_read()
    {
        var info = SwarmUiReader.Read(Example);
        Assert.Equal(("swarmui", "0.9.3.1"), (info.Generator, info.GeneratorVersion));
        Assert.Equal(("a photo of a cat", ""), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("1", 20, 7.0, 1024, 1024), (info.Seed, info.Steps, info.CfgScale, info.Width, info.Height));
        Assert.Equal(("OfficialStableDiffusion/sd_xl_base_1.0", "0xd7a9…e1d7"), (info.Model, info.ModelHash));
        Assert.Contains(new KeyValuePair<string, string>("sui_extra_data.date", "2025-01-25"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("sui_image_params.cfgscale", "7.0"), info.Parameters);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void String_values_are_coerced_and_loras_pair_with_their_weights_and_hashes()
    {
        var info = SwarmUiReader.Read("""
            {"sui_image_params":{"prompt":"a fox","seed":"18446744073709551615","steps":"25","cfgscale":"6.5","width":"832","height":"1216",
              "model":"juggernautXL","loras":"film,grain","loraweights":"0.8,0.3","initimagecreativity":"0.6"},
             "sui_models":[{"name":"film.safetensors","param":"loras","hash":"0xabc"},{"name":"grain.safetensors","param":"loras","hash":null}]}
            """);
        Assert.Equal(("18446744073709551615", 25, 6.5, 832, 1216, 0.6), (info.Seed, info.Steps, info.CfgScale, info.Width, info.Height, info.Denoise));
        Assert.Equal("juggernautXL", info.Model);
        Assert.Null(info.ModelHash);
        Assert.Equal([new LoraRef("film", 0.8, "0xabc"), new LoraRef("grain", 0.3, null)], info.Loras);
    }

    [Fact]
    public void Values_that_cannot_be_coerced_are_left_empty_with_a_warning()
    {
        var info = SwarmUiReader.Read("""{"sui_image_params":{"seed":-1,"steps":"many","cfgscale":{"v":1}}}""");
        Assert.Equal((null, null, null), (info.Seed, info.Steps, info.CfgScale));
        Assert.Equal(3, info.Warnings.Count);
        Assert.Contains("SwarmUI steps 'many' is out of range or of the wrong type; left empty", info.Warnings);
    }

    [Theory]
    [InlineData(Example, true)]
    [InlineData("a cat\nSteps: 20, Seed: 1, Size: 64x64", false)]
    [InlineData("""{"prompt":"sui_image_params"}""", false)]
    [InlineData("""{"sui_image_params": """, false)]
    [InlineData("""{"other":{"sui_image_params":{}}}""", false)]
    public void Only_a_json_object_with_sui_image_params_is_swarm(string parameters, bool swarm) =>
        Assert.Equal(swarm, SwarmUiReader.IsSwarm(parameters));

    [Theory]
    [InlineData("""{"sui_image_params": """)]
    [InlineData("""{"prompt":"a cat"}""")]
    [InlineData("""{"sui_image_params":"a cat"}""")]
    public void Malformed_parameters_are_refused_with_a_message_naming_the_format(string json) =>
        Assert.StartsWith("SwarmUI parameters", Assert.Throws<MetadataFormatException>(() => SwarmUiReader.Read(json)).Message);

    [Fact]
    public void A_document_nested_200000_deep_is_refused_and_is_not_swarm()
    {
        var deep = "{\"sui_image_params\":" + new string('[', 200_000) + new string(']', 200_000) + "}";
        Assert.False(SwarmUiReader.IsSwarm(deep));
        Assert.Throws<MetadataFormatException>(() => SwarmUiReader.Read(deep));
    }
}
