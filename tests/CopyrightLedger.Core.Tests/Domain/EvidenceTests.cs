using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Hashing;

namespace CopyrightLedger.Core.Tests.Domain;

public sealed class EvidenceTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("0", true)]
    [InlineData("965400086", true)]
    [InlineData("18446744073709551615", true)]
    [InlineData("18446744073709551616", false)]
    [InlineData("-1", false)]
    [InlineData("007", false)]
    [InlineData(" 5", false)]
    [InlineData("1e9", false)]
    public void Seeds_are_whole_numbers_up_to_2_pow_64_minus_1(string seed, bool valid) =>
        Assert.Equal(valid, Iteration.IsSeed(seed));

    [Fact]
    public void Parameters_out_of_range_are_refused()
    {
        var it = new Iteration(Guid.NewGuid(), Guid.NewGuid(), 1, "a1111", "p", Now);
        Assert.Throws<DomainException>(() => it.SetParameters(new GenerationSettings(Denoise: 1.5)));
        Assert.Throws<DomainException>(() => it.SetParameters(new GenerationSettings(Width: 0)));
        Assert.Throws<DomainException>(() => it.SetParameters(new GenerationSettings(Steps: -1)));
        it.SetParameters(new GenerationSettings("42", 20, 7, "Euler a", "Karras", 512, 768, 0.35));
        Assert.Equal("42", it.Seed);
        Assert.Equal(0.35, it.Denoise);
    }

    [Fact]
    public void An_iteration_cannot_be_its_own_parent_and_links_are_not_repeated()
    {
        var id = Guid.NewGuid();
        var it = new Iteration(id, Guid.NewGuid(), 2, "a1111", "p", Now);
        Assert.Throws<DomainException>(() => it.DeriveFrom(id, LinkKind.Img2Img));
        var parent = Guid.NewGuid();
        it.DeriveFrom(parent, LinkKind.Img2Img);
        it.DeriveFrom(parent, LinkKind.Inpaint);
        Assert.Single(it.Parents);
    }

    [Fact]
    public void A_selection_always_counts_the_chosen_file_among_its_candidates_and_keeps_the_rejects()
    {
        var chosen = Guid.NewGuid();
        var others = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var s = new Selection(Guid.NewGuid(), Guid.NewGuid(), chosen, others.Concat(others), " light ", "Li", Now);
        Assert.Equal(3, s.Candidates.Count);
        Assert.Equal(others.OrderBy(g => g), s.Rejected.OrderBy(g => g));
        Assert.Equal("light", s.Rationale);
    }

    [Fact]
    public void An_edit_goes_between_two_different_files()
    {
        var a = Guid.NewGuid();
        Assert.Throws<DomainException>(() => new HumanEdit(Guid.NewGuid(), Guid.NewGuid(), a, a, "PS", EditKind.Crop, "", Now));
        var e = new HumanEdit(Guid.NewGuid(), Guid.NewGuid(), a, Guid.NewGuid(), "PS", EditKind.Crop, "", Now);
        Assert.Throws<DomainException>(() => e.Record(-1, null));
    }

    [Fact]
    public void An_artifact_keeps_each_raw_chunk_with_its_own_hash()
    {
        var art = new Artifact(Guid.NewGuid(), Guid.NewGuid(), null, Sha256Hex.Of([1, 2, 3]), "image/png", 3, "dir/x.png", ArtifactRole.Output, Now);
        art.KeepChunk("png:tEXt", "parameters", "parameters\0a cat"u8.ToArray());
        art.KeepChunk("png:iTXt", "Comment", [9, 9]);
        Assert.Equal("x.png", art.OriginalFileName);
        Assert.Equal([0, 1], art.Chunks.Select(c => c.Ordinal));
        Assert.Equal(Sha256Hex.Of("parameters\0a cat"u8).Value, art.Chunks[0].Sha256);
    }

    [Fact]
    public void A_source_time_keeps_its_offset_and_its_instant()
    {
        var local = new DateTimeOffset(2023, 2, 24, 18, 30, 0, TimeSpan.FromHours(8));
        var t = SourceTime.From(local);
        Assert.Equal(new DateTime(2023, 2, 24, 10, 30, 0, DateTimeKind.Utc), t.Utc);
        Assert.Equal(480, t.OffsetMinutes);
        Assert.Equal(local, t.Local);
        Assert.Equal("2023-02-24T18:30:00+08:00", t.ToString());
        Assert.Equal("2023-02-24T10:30:00Z", SourceTime.FromUtc(t.Utc).ToString());
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "a.bin", "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "a.png", "image/jpeg")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "x", "image/webp")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D }, "v", "video/mp4")]
    [InlineData(new byte[] { 1, 2, 3 }, "a.png", "application/octet-stream")]
    [InlineData(new byte[] { 1, 2, 3 }, "notes.md", "text/markdown")]
    public void Media_types_come_from_the_bytes_before_the_name(byte[] head, string name, string expected) =>
        Assert.Equal(expected, MediaTypes.Sniff(head, name));

    [Fact]
    public void Sha256_hex_accepts_only_64_lower_case_hex_digits()
    {
        Assert.True(Sha256Hex.TryParse(new string('a', 64), out _));
        Assert.False(Sha256Hex.TryParse(new string('A', 64), out _));
        Assert.False(Sha256Hex.TryParse(new string('a', 63), out _));
        Assert.False(Sha256Hex.TryParse(new string('g', 64), out _));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256Hex.Of([]).Value);
    }
}
