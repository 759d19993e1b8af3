using CopyrightLedger.Core.Assessment;

namespace CopyrightLedger.Core.Tests.Assessment;

public sealed class RecordMeasuresTests
{
    private static readonly DateTime FirstRun = new(2023, 2, 24, 10, 42, 0, DateTimeKind.Utc);
    private static readonly string Substantial = string.Join('\n', Enumerable.Repeat("Subject: a young woman close to the camera, looking back over her shoulder.", 5));

    [Fact]
    public void A_brief_before_the_first_run_counts_one_after_it_or_captured_late_does_not()
    {
        var generation = new GenerationTimes(FirstRun, FirstRun.AddDays(400));
        Assert.Equal(3, ConceptionMeasure.Of([new NoteFacts("brief", FirstRun.AddHours(-1), FirstRun.AddHours(-1), Substantial.Length)], generation).Score);
        Assert.Equal(2, ConceptionMeasure.Of([new NoteFacts("brief", FirstRun.AddHours(-1), FirstRun.AddHours(-1), 120)], generation).Score);
        Assert.Equal(1, ConceptionMeasure.Of([new NoteFacts("brief", FirstRun.AddHours(-1), FirstRun.AddHours(-1), 20)], generation).Score); // generic
        // The cat-pendant pattern: "written" before, typed in a year later.
        var backdated = ConceptionMeasure.Of([new NoteFacts("brief", FirstRun.AddHours(-1), FirstRun.AddDays(365), Substantial.Length)], generation);
        Assert.Equal(1, backdated.Score);
        Assert.Single(backdated.CapturedLate);
        Assert.Equal(0, ConceptionMeasure.Of([new NoteFacts("brief", FirstRun.AddHours(1), FirstRun.AddHours(1), Substantial.Length)], generation).Score);
        Assert.Equal(0, ConceptionMeasure.Of([new NoteFacts("memo", FirstRun.AddHours(-1), FirstRun.AddHours(-1), Substantial.Length)], generation).Score);
    }

    [Theory]
    [InlineData(1, "", 0)]
    [InlineData(3, "", 1)]
    [InlineData(3, "the light falls on the face from the left", 2)]
    [InlineData(6, "the light falls on the face from the left", 3)]
    public void Selection_needs_candidates_and_rewards_reasons_not_volume(int candidates, string rationale, int score) =>
        Assert.Equal(score, SelectionMeasure.Of([new SelectionFacts(candidates, rationale)]).Score);

    [Fact]
    public void Edits_weigh_by_kind_and_by_how_much_of_the_image_they_change()
    {
        Assert.Equal(0, EditMeasure.Of([]).Score);
        Assert.Equal(1, EditMeasure.Of([new EditFacts("text", "Paint", 0.004, 1, 3), new EditFacts("crop", "PS", null, null, 1)]).Score); // a signature, a crop
        Assert.Equal(2, EditMeasure.Of([new EditFacts("inpaint", "PS", 0.03, 1, 20)]).Score);
        Assert.Equal(3, EditMeasure.Of([new EditFacts("paintover", "Krita", 0.31, 4, 90)]).Score);
    }
}
