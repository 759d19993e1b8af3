namespace CopyrightLedger.Core;

/// <summary>
/// "Captured late": an item this installation first held more than a day after the time it claims, so it may have
/// been reconstructed later (docs/LEDGER.md, docs/ASSESSMENT.md). The Integrity tab, the dossier's timeline and the
/// assessment all ask here.
/// </summary>
public static class LateCapture
{
    public static readonly TimeSpan After = TimeSpan.FromDays(1);

    public static bool Is(DateTime? claimedUtc, DateTime capturedUtc) => claimedUtc is { } c && capturedUtc - c > After;
}
