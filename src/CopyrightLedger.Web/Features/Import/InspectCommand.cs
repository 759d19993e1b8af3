using System.Text.Encodings.Web;
using System.Text.Json;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// <c>ledger inspect [--json] PATH...</c>: reads files (folders recursively, in name order) and prints what each
/// says about how it was made, as JSON Lines or a table. Exit 0 when every file was read, 2 when any was not or is
/// damaged (an <c>error</c>, or a generator chunk that did not parse: <c>damaged</c>).
/// A file that breaks a reader is reported on its own line; it never ends the run.
/// </summary>
public static class InspectCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var paths = args.Where(a => a != "--json").ToList();
        if (paths.Count == 0)
        {
            Console.Error.WriteLine("ledger inspect: name at least one file or folder.");
            return Task.FromResult(2);
        }
        var failures = 0;
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
        if (!json) stdout.WriteLine($"{"FILE",-40} {"GENERATOR",-10} {"SIZE",-10} {"SEED",-20} {"MODEL",-24} PROMPT");
        // Files are read on every core; lines come out in input order, as each becomes ready.
        var lines = Expand(paths).AsParallel().AsOrdered().WithMergeOptions(ParallelMergeOptions.NotBuffered)
            .Select(file =>
            {
                var report = Inspect(file);
                return (Failed: report.Damage is not null, Line: json ? InspectReport.ToJson(file, report).ToJsonString(Json) : Row(file, report));
            });
        foreach (var (failed, line) in lines)
        {
            if (failed) failures++;
            stdout.WriteLine(line);
        }
        stdout.Flush();
        return Task.FromResult(failures == 0 ? 0 : 2);
    }

    /// <summary>Every named file, and the files under every named folder, sorted so runs are comparable.</summary>
    internal static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
                foreach (var f in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal)) yield return f;
            }
            else yield return path; // a missing file is reported as that file's error
        }
    }

    internal static FileMetadata Inspect(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return MetadataReader.Read(stream, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileMetadata { Sha256 = "", MediaType = "", Error = e.Message };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reader bug must not end a run over thousands of files; the mutation tests hunt these down.
            return new FileMetadata { Sha256 = "", MediaType = "", Error = $"internal error ({e.GetType().Name}): {e.Message}" };
        }
    }

    private static string Row(string file, FileMetadata m)
    {
        static string Cut(string? s, int n) => s is null ? "" : (s = s.ReplaceLineEndings(" ")).Length <= n ? s : s[..(n - 1)] + "…";
        if (m.Error is { } error) return $"{Cut(file, 40),-40} error: {error}";
        var g = m.Generation;
        // Without a generator's record, the last column says what provenance the file carries instead.
        var what = m.DamagedChunk ?? g?.Prompt ?? string.Join("; ", new[]
        {
            m.C2pa is { } c ? $"C2PA ({c.Validation}): {c.ClaimGenerator}" : null,
            m.Xmp is { } x ? $"XMP: {x.CreatorTool} {x.History.Count} event(s)" : null,
            m.DigitalSourceType,
        }.Where(t => t is not null));
        return $"{Cut(file, 40),-40} {g?.Generator ?? (m.DamagedChunk is null ? "unknown" : "damaged"),-10} {g?.Size ?? (m.Width is { } w ? $"{w}x{m.Height}" : ""),-10} {Cut(g?.Seed, 20),-20} {Cut(g?.Model, 24),-24} {Cut(what, 60)}";
    }
}
