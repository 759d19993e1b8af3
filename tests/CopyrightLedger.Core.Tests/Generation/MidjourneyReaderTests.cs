using CopyrightLedger.Core.Generation.Midjourney;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Tests.Generation;

public sealed class MidjourneyReaderTests
{
    [Fact]
    public void The_exiftool_example_splits_into_prompt_parameters_and_job_id()
    {
        var info = MidjourneyReader.Read("example --ar 2:1 --stylize 80 --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3", null);
        Assert.Equal(("midjourney", "example", "6"), (info.Generator, info.Prompt, info.GeneratorVersion));
        Assert.Equal("a7421d2f-b262-44f9-977c-ac23e9c7d3e3", info.JobId);
        Assert.Equal([new("ar", "2:1"), new("stylize", "80"), new KeyValuePair<string, string>("v", "6")], info.Parameters);
        Assert.Null(info.Seed);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Seed_aspect_ratio_multi_word_values_switches_and_author_are_kept()
    {
        var info = MidjourneyReader.Read(
            "a lighthouse at night, oil painting --seed 3141592653 --ar 16:9 --no boats, people --raw --sref https://s.mj.run/a https://s.mj.run/b Job ID: 0f1e2d3c",
            "painter_42");
        Assert.Equal(("a lighthouse at night, oil painting", "3141592653", "0f1e2d3c"), (info.Prompt, info.Seed, info.JobId));
        Assert.Equal(
            [new("seed", "3141592653"), new("ar", "16:9"), new("no", "boats, people"), new("raw", ""),
             new("sref", "https://s.mj.run/a https://s.mj.run/b"), new KeyValuePair<string, string>("author", "painter_42")],
            info.Parameters);
        Assert.Null(info.GeneratorVersion);
    }

    [Fact]
    public void Niji_is_the_version_when_there_is_no_v_and_double_dashes_inside_words_stay_in_the_prompt()
    {
        var info = MidjourneyReader.Read("ink--wash cat --niji 6 Job ID: x1", null);
        Assert.Equal(("ink--wash cat", "niji 6"), (info.Prompt, info.GeneratorVersion));
    }

    [Fact]
    public void A_seed_that_is_not_a_whole_number_is_left_empty_with_a_warning()
    {
        var info = MidjourneyReader.Read("cat --seed abc Job ID: x1", null);
        Assert.Null(info.Seed);
        Assert.Equal(["Midjourney --seed 'abc' is not a whole number; left empty"], info.Warnings);
        Assert.Contains(new KeyValuePair<string, string>("seed", "abc"), info.Parameters);
    }

    [Theory]
    [InlineData("cat --v 6 Job ID: 1", true)]
    [InlineData("a cat on a mat", false)]
    [InlineData(null, false)]
    public void Only_a_description_with_a_job_id_is_midjourney(string? description, bool midjourney) =>
        Assert.Equal(midjourney, MidjourneyReader.IsMidjourney(description));

    [Theory]
    [InlineData("a cat --v 6", "Midjourney Description has no \"Job ID:\".")]
    [InlineData("a cat --v 6 Job ID:   ", "Midjourney Description has an empty Job ID.")]
    public void A_description_without_a_job_id_is_refused(string description, string message) =>
        Assert.Equal(message, Assert.Throws<MetadataFormatException>(() => MidjourneyReader.Read(description, null)).Message);
}
