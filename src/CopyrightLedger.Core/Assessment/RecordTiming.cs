namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Part of factors F1 and F9: when the generation records say they were made, against when the work was first
/// published (a <c>publication</c> note) and whether a hosted platform's own history can confirm them. Generation
/// records that all date from after the work was published cannot be how it was made: they are a re-creation, the
/// after-the-fact re-simulation the cat-pendant decision (Beijing Internet Court, 2025) gave no weight.
/// </summary>
public sealed record RecordTiming(DateTime? FirstPublishedUtc, int Runs, int RunsAfterPublication, int RunsWithPlatformJob, string? Platform)
{
    public static RecordTiming Of(IReadOnlyList<IterationFacts> runs, IEnumerable<NoteFacts> notes)
    {
        var published = notes.Where(n => n.Kind.Equals("publication", StringComparison.OrdinalIgnoreCase)).Select(n => (DateTime?)n.WrittenAtUtc).Min();
        var after = published is { } p ? runs.Count(r => r.ClaimedUtc > p) : 0;
        var jobs = runs.Where(r => !string.IsNullOrEmpty(r.JobId)).ToList();
        return new RecordTiming(published, runs.Count, after, jobs.Count, jobs.Select(r => r.Generator).FirstOrDefault());
    }

    /// <summary>Every generation record dates from after the work was first published.</summary>
    public bool Resimulated => Runs > 0 && RunsAfterPublication == Runs;

    /// <summary>Every run carries the job id under which the hosted platform keeps it in its history.</summary>
    public bool PlatformHistory => Runs > 0 && RunsWithPlatformJob == Runs;
}
