using System.Diagnostics;
using CopyrightLedger.Core.Generation.NovelAi;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class NovelAiReaderTests
{
    private static Dictionary<string, string> Text(string? comment, string description = "1girl, smile") => new()
    {
        ["Title"] = "NovelAI generated image",
        ["Description"] = description,
        ["Software"] = "NovelAI",
        ["Source"] = "NovelAI Diffusion V4.5 4BDE2A90",
        ["Generation time"] = "5.1",
        ["Comment"] = comment ?? "",
    };

    [Fact]
    public void Only_software_NovelAI_is_novelai()
    {
        Assert.True(NovelAiReader.IsNovelAi(Text(null)));
        Assert.False(NovelAiReader.IsNovelAi(new Dictionary<string, string> { ["Software"] = "Adobe Photoshop" }));
        Assert.False(NovelAiReader.IsNovelAi(new Dictionary<string, string>()));
    }

    [Fact]
    public void The_comment_json_yields_the_settings_and_the_source_its_hash()
    {
        var info = NovelAiReader.Read(Text("""
            {"prompt":"1girl, smile, masterpiece","steps":28,"height":1216,"width":832,"scale":5.0,"seed":3236452456,"n_samples":1,
             "strength":0.7,"noise":0.0,"noise_schedule":"karras","sampler":"k_euler_ancestral","uc":"lowres, bad hands"}
            """));
        Assert.Equal("novelai", info.Generator);
        Assert.Equal(("1girl, smile, masterpiece", "lowres, bad hands"), (info.Prompt, info.NegativePrompt));
        Assert.Equal(("3236452456", 28, 832, 1216, 5.0), (info.Seed, info.Steps, info.Width, info.Height, info.CfgScale));
        Assert.Equal(("k_euler_ancestral", "karras", 0.7), (info.Sampler, info.Scheduler, info.Denoise));
        Assert.Equal(("NovelAI Diffusion V4.5 4BDE2A90", "4BDE2A90"), (info.Model, info.ModelHash));
        Assert.Contains(new KeyValuePair<string, string>("Generation time", "5.1"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("Comment.n_samples", "1"), info.Parameters);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void A_v4_prompt_without_prompt_uses_the_base_caption_and_lists_character_captions()
    {
        var info = NovelAiReader.Read(Text("""
            {"steps":23,"v4_prompt":{"caption":{"base_caption":"two girls in a cafe","char_captions":[{"char_caption":"girl, red hair","centers":[{"x":0.3,"y":0.5}]},{"char_caption":"girl, glasses","centers":[{"x":0.7,"y":0.5}]}]},"use_coords":true,"use_order":true},
             "v4_negative_prompt":{"caption":{"base_caption":"blurry","char_captions":[]}}}
            """, description: "ignored when the comment has a caption"));
        Assert.Equal(("two girls in a cafe", "blurry"), (info.Prompt, info.NegativePrompt));
        Assert.Contains(new KeyValuePair<string, string>("char_caption.1", "girl, red hair"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("char_caption.2", "girl, glasses"), info.Parameters);
        Assert.Contains(new KeyValuePair<string, string>("Comment.v4_prompt.use_coords", "true"), info.Parameters);
    }

    [Fact]
    public void Without_a_comment_the_description_is_the_prompt()
    {
        var text = Text(null);
        text.Remove("Comment");
        var info = NovelAiReader.Read(text);
        Assert.Equal(("1girl, smile", null, "4BDE2A90"), (info.Prompt, info.Seed, info.ModelHash));
    }

    [Fact]
    public void Numbers_out_of_range_are_left_empty_with_a_warning()
    {
        var info = NovelAiReader.Read(Text("""{"seed":-5,"steps":1e40,"strength":3}"""));
        Assert.Equal((null, null, null), (info.Seed, info.Steps, info.Denoise));
        Assert.Equal(["NovelAI seed '-5' is out of range or of the wrong type; left empty",
                      "NovelAI steps '1e40' is out of range or of the wrong type; left empty",
                      "NovelAI strength '3' is out of range or of the wrong type; left empty"], info.Warnings);
    }

    [Theory]
    [InlineData("{\"prompt\": \"x\"")]
    [InlineData("[1]")]
    public void A_malformed_comment_is_refused_with_a_message_naming_the_format(string comment) =>
        Assert.StartsWith("NovelAI Comment", Assert.Throws<MetadataFormatException>(() => NovelAiReader.Read(Text(comment))).Message);

    [Fact]
    public void A_comment_nested_200000_deep_is_refused_quickly()
    {
        var clock = Stopwatch.StartNew();
        Assert.Throws<MetadataFormatException>(() => NovelAiReader.Read(Text(new string('[', 200_000) + new string(']', 200_000))));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }
}
