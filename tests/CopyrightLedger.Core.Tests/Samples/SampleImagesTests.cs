using CopyrightLedger.Core.Generation;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Samples;

namespace CopyrightLedger.Core.Tests.Samples;

public sealed class SampleImagesTests
{
    public static TheoryData<string> SampleFolders() => new(Directory.EnumerateDirectories(RepoPaths.Samples).Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SampleFolders))]
    public void The_committed_sample_images_are_exactly_what_the_generator_writes(string sample)
    {
        var folder = Path.Combine(RepoPaths.Samples, sample);
        var output = RepoPaths.NewTempDir();
        var written = SampleImages.Generate(folder, output);
        Assert.NotEmpty(written);
        foreach (var path in written)
        {
            var committed = Path.Combine(folder, Path.GetRelativePath(output, path));
            Assert.True(File.Exists(committed), $"{committed} is missing: run ./ledger make-samples");
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{committed} differs from the generator's output: run ./ledger make-samples");
        }
    }

    [Fact]
    public void A_batch_gets_consecutive_seeds_and_its_size_matches_the_parameters()
    {
        var dir = Path.Combine(RepoPaths.Samples, "li-v-liu", "images");
        var batch = new[] { "04-a.png", "04-b.png", "04-c.png" }.Select(f => PngFile.Read(File.OpenRead(Path.Combine(dir, f)))).ToList();
        var infos = batch.Select(p => A1111Infotext.Parse(p.Text.Single(t => t.Keyword == "parameters").Text)).ToList();
        Assert.Equal(["940219437", "940219438", "940219439"], infos.Select(i => i.ToSettings().Seed));
        Assert.Equal(["0", "1", "2"], infos.Select(i => i.Get("Batch pos")));
        Assert.All(batch, p => Assert.Equal((512, 768), (p.Width, p.Height)));
        Assert.All(infos, i => Assert.Equal("chilloutmix_NiPrunedFp32Fix", i.Get("Model")));
    }

    [Fact]
    public void The_signed_final_has_no_generation_text_and_differs_from_its_base_only_in_the_corner()
    {
        var dir = Path.Combine(RepoPaths.Samples, "li-v-liu", "images");
        var final = PngFile.Read(File.OpenRead(Path.Combine(dir, "05-final.png")));
        Assert.DoesNotContain(final.Text, t => t.Keyword == "parameters");
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir, "04-b.png")), File.ReadAllBytes(Path.Combine(dir, "05-final.png")));
    }

    [Fact]
    public void A_spec_with_an_unknown_base_or_key_fails_with_a_clear_message()
    {
        var dir = RepoPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "generate.json"), """{ "edits": [ { "file": "b.png", "base": "a.png", "signature": "LI", "time": "2023-01-01T00:00:00Z" } ] }""");
        Assert.Contains("'a.png' is not drawn", Assert.Throws<DomainException>(() => SampleImages.Generate(dir)).Message);
        File.WriteAllText(Path.Combine(dir, "generate.json"), """{ "runz": [] }""");
        Assert.Contains("runz", Assert.Throws<DomainException>(() => SampleImages.Generate(dir)).Message);
    }
}
