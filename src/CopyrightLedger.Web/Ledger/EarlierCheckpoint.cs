using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CopyrightLedger.Web.Ledger;

/// <summary>A checkpoint's text and signature, when the earlier copy came with them.</summary>
public sealed record SignedText(byte[] Body, byte[] Signature);

/// <summary>
/// What a reader kept of an earlier copy of a chain: its size and Merkle root, and where known its chain, key and
/// signature. A later bundle must extend it (<c>ledger verify NEW.zip --since …</c>, docs/SECURITY.md).
/// </summary>
public sealed partial record EarlierCheckpoint(string Source, long Size, string Root)
{
    public string? Chain { get; init; }
    public string? KeyFingerprint { get; init; }
    public SignedText? Signed { get; init; }
    /// <summary>Why the earlier copy itself cannot be relied on (it is not intact); the check fails with it.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// Reads what a reader gives: an earlier bundle (checked itself, with the same options), a checkpoint text file
    /// (with its <c>.sig</c> beside it when there is one), a pasted checkpoint text, or <c>SIZE:ROOT</c> as a dossier prints it.
    /// Null when <paramref name="value"/> is none of these.
    /// </summary>
    public static EarlierCheckpoint? Resolve(string value, VerifyOptions options)
    {
        if (File.Exists(value))
        {
            using (var probe = File.OpenRead(value))
                if (probe.Length >= 2 && probe.ReadByte() == 'P' && probe.ReadByte() == 'K') return FromBundle(value, options);
            if (new FileInfo(value).Length > 4096) return null;
            var text = File.ReadAllText(value);
            var sig = Path.ChangeExtension(value, ".sig");
            var found = FromText(text, Path.GetFileName(value));
            return found is not null && File.Exists(sig) && new FileInfo(sig).Length < 1024
                ? found with { Signed = new SignedText(Encoding.UTF8.GetBytes(text), File.ReadAllBytes(sig)) }
                : found;
        }
        return FromText(value, "the checkpoint you gave");
    }

    public static EarlierCheckpoint? FromText(string text, string source)
    {
        var m = SizeAndRoot().Match(text);
        if (m.Success && long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var size) && size >= 1)
            return new EarlierCheckpoint(source, size, m.Groups[2].Value.ToLowerInvariant());
        var body = text.Replace("\r\n", "\n").Trim() + "\n";
        return BundleVerifier.Checkpoint.Parse(body) is { } c
            ? new EarlierCheckpoint(source, c.Size, c.Root) { Chain = c.Chain }
            : null;
    }

    private static EarlierCheckpoint FromBundle(string path, VerifyOptions options)
    {
        var name = Path.GetFileName(path);
        var report = BundleVerifier.Verify(path, options with { Since = null });
        if (!report.Intact || report.SignedRoot is null)
            return new EarlierCheckpoint(name, Math.Max(1, report.SignedEvents), report.SignedRoot ?? new string('0', 64))
            { Problem = $"it is not intact itself ({report.Failed.FirstOrDefault()})" };
        return new EarlierCheckpoint(name, report.SignedEvents, report.SignedRoot) { Chain = report.Chain, KeyFingerprint = report.KeyFingerprint };
    }

    [GeneratedRegex(@"\A\s*(?:size\s+)?([0-9]{1,18})\s*[: ]\s*(?:root\s+)?([0-9a-fA-F]{64})\s*\z")]
    private static partial Regex SizeAndRoot();
}
