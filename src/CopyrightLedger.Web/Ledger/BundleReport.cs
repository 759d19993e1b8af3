namespace CopyrightLedger.Web.Ledger;

/// <summary>What a check of a bundle concludes (docs/SECURITY.md); the command line exits with <see cref="ExitCode"/>.</summary>
public enum BundleVerdict
{
    /// <summary>Every check holds and the signing key is the one the reader gave.</summary>
    Intact,
    /// <summary>Every check holds, but nobody said which key to expect: anyone can sign a bundle with a key of their own.</summary>
    IntactKeyNotCompared,
    NotIntact,
}

/// <summary>The newest RFC 3161 time-stamp that checked: the independent proof that the first <see cref="Size"/> events existed by <see cref="TimeUtc"/>.</summary>
public sealed record IndependentTime(long Size, DateTime TimeUtc, string Authority, bool AuthorityTrusted);

/// <summary>
/// What checking a bundle found. <see cref="Failed"/> breaks it; <see cref="Flags"/> are what a reader must weigh
/// (no pinned key, events no time-stamp covers, an authority not checked against a root); <see cref="Passed"/> is every check that held.
/// </summary>
public sealed record BundleReport(
    string? KeyFingerprint, bool KeyPinned, IReadOnlyList<string> Passed, IReadOnlyList<string> Failed, IReadOnlyList<string> Flags,
    long Events, long SignedEvents, IndependentTime? LatestTimestamp)
{
    /// <summary>The chain the events are of, and the root of its largest valid checkpoint: what a later copy is checked against.</summary>
    public string? Chain { get; init; }
    public string? SignedRoot { get; init; }

    public static BundleReport Unreadable(string problem) => new(null, false, [], [problem], [], 0, 0, null);

    public bool Intact => Failed.Count == 0 && Passed.Count > 0;

    public BundleVerdict Verdict => !Intact ? BundleVerdict.NotIntact : KeyPinned ? BundleVerdict.Intact : BundleVerdict.IntactKeyNotCompared;

    /// <summary>0 intact with the expected key, 1 not intact, 3 intact but signed by a key nobody compared (2 is a usage error).</summary>
    public int ExitCode => Verdict switch { BundleVerdict.Intact => 0, BundleVerdict.IntactKeyNotCompared => 3, _ => 1 };

    /// <summary>The report's first line: which key signed, whether it was compared, and the verdict.</summary>
    public string Headline => Verdict switch
    {
        BundleVerdict.Intact => $"intact, signed by key {KeyFingerprint}; it matches the key you gave",
        BundleVerdict.IntactKeyNotCompared => $"intact, signed by key {KeyFingerprint}; not compared with a known key",
        _ => $"NOT intact: {Failed.Count} problem(s)" + (KeyFingerprint is null ? "" : $"; the bundle names key {KeyFingerprint}"),
    };

    /// <summary>The line on time: what the latest independent time-stamp proves, or that there is none.</summary>
    public string TimeLine => LatestTimestamp is { } t
        ? $"latest independent time-stamp: events 1–{t.Size} of {Events} existed by {t.TimeUtc:yyyy-MM-dd HH:mm:ss}Z ({t.Authority}{(t.AuthorityTrusted ? ", checked against the root you gave" : ", authority not checked against a root you trust")})"
        : "no independent time-stamp: the bundle shows order and integrity under its key, not when anything existed";
}
