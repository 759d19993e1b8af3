using System.IO.Compression;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Metadata;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Where uploaded import files wait for their job: <c>&lt;data&gt;/imports/&lt;id&gt;/</c>. A zip is unpacked
/// there within <see cref="LedgerOptions.LimitsOptions"/> (docs/SECURITY.md, "Bounded work per input"): every entry
/// name is checked, every byte is counted while it is inflated (the header's sizes are not trusted), and an entry
/// over a limit is refused with a message naming it and the limit while the other entries and files still import.
/// A zip that was unpacked whole is kept beside its files as evidence; one with a refused entry is not kept.
/// </summary>
public sealed class ImportStaging(IOptions<LedgerOptions> options, ILogger<ImportStaging> log)
{
    /// <summary>The most bytes one uploaded file may stream into staging (the batch quota bounds the sum).</summary>
    public long MaxUploadBytes => options.Value.Limits.BatchBytes;
    public int MaxUploadFiles => options.Value.Limits.BatchFiles;

    private string Root => Path.Combine(options.Value.FullDataDirectory, "imports");

    /// <param name="process">For a command-line import: the folder is named for its process, and the sweep spares it while that process lives.</param>
    public string NewFolder(int? process = null)
    {
        var id = Guid.CreateVersion7().ToString("N");
        var folder = Path.Combine(Root, process is { } pid ? $"cli-{pid}-{id}" : id);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Removes a staging folder whose import failed or will never run; a missing one is fine.</summary>
    public void Remove(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException e) { log.LogWarning("Staging folder {Folder} not removed: {Reason}", folder, e.Message); }
    }

    /// <summary>
    /// At start: removes every staging folder that no queued or running import job names (left by a killed upload,
    /// a failed import or a crash). Returns how many were removed.
    /// </summary>
    public int SweepAbandoned(IReadOnlySet<string> stillNeeded)
    {
        if (!Directory.Exists(Root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (stillNeeded.Contains(Path.GetFullPath(folder)) || OfLiveProcess(Path.GetFileName(folder))) continue;
            Remove(folder);
            removed++;
        }
        return removed;
    }

    private static bool OfLiveProcess(string name)
    {
        var parts = name.Split('-');
        if (parts is not ["cli", var pid, _] || !int.TryParse(pid, out var id)) return false;
        try { using var p = System.Diagnostics.Process.GetProcessById(id); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>
    /// Writes one uploaded file under a name that cannot leave the folder or overwrite an earlier one. A picked
    /// folder's files keep their path inside it (<paramref name="relativePath"/>, e.g. <c>my-case/images/04-b.png</c>),
    /// each segment made safe as a name is, so a case folder keeps its layout; a path that climbs out is refused.
    /// </summary>
    public static async Task<string> SaveAsync(string folder, string fileName, Stream content, CancellationToken ct, string? relativePath = null)
    {
        var name = SafeName(fileName);
        if (relativePath?.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } segments)
        {
            if (UnsafeName(relativePath) is { } problem) throw new DomainException($"{Printable(relativePath)}: not saved: {problem}.");
            folder = Path.Combine([folder, .. segments[..^1].Select(SafeName)]);
            Directory.CreateDirectory(folder);
        }
        var path = Path.Combine(folder, name);
        for (var i = 2; File.Exists(path); i++) path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)} ({i}){Path.GetExtension(name)}");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, ct);
            file.Flush(flushToDisk: true);
        }
        return path;
    }

    /// <summary>
    /// Unpacks a zip into <paramref name="folder"/>/<c>zip-name/</c>. Returns one message per refused entry (or one
    /// for the whole zip when it cannot be read or holds too many entries); the zip itself is deleted when anything
    /// was refused, so no part of a hostile archive becomes evidence. Zips inside the zip are kept as files, not unpacked.
    /// </summary>
    public IReadOnlyList<string> Unpack(string zipPath, string folder)
    {
        var limits = options.Value.Limits;
        var zipName = Path.GetFileName(zipPath);
        var target = Path.Combine(folder, Path.GetFileNameWithoutExtension(zipPath));
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        var refused = new List<string>();
        var zipBytes = new FileInfo(zipPath).Length;
        long total = 0;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            if (zip.Entries.Count > limits.ZipEntries)
                refused.Add($"{zipName} holds {zip.Entries.Count} entries, over the limit of {limits.ZipEntries} (Ledger:Limits:ZipEntries); nothing of it was imported.");
            else
                foreach (var entry in zip.Entries)
                {
                    if (entry.FullName.EndsWith('/')) continue;
                    var problem = UnsafeName(entry.FullName);
                    var path = problem is null ? Path.GetFullPath(Path.Combine(target, entry.FullName)) : null;
                    if (path is not null && !path.StartsWith(root, StringComparison.Ordinal)) problem = "it points outside the archive";
                    problem ??= Extract(entry, path!, Math.Min(entry.CompressedLength, zipBytes), limits, ref total);
                    if (problem is not null) refused.Add($"{zipName}: entry '{Printable(entry.FullName)}' refused: {problem}.");
                    if (total > limits.ZipTotalBytes) break;
                }
        }
        catch (InvalidDataException e)
        {
            refused.Add($"{zipName} is not a readable zip ({e.Message}); nothing of it was imported.");
        }
        if (refused.Count > 0)
        {
            File.Delete(zipPath);
            if (total > limits.ZipTotalBytes) refused.Add($"{zipName}: the entries after it were not unpacked.");
        }
        return refused;
    }

    /// <summary>Copies one entry, counting what the inflater gives; returns why it was refused (its partial file deleted), or null.</summary>
    private static string? Extract(ZipArchiveEntry entry, string path, long compressed, LedgerOptions.LimitsOptions limits, ref long total)
    {
        string? TooMuch(long expanded) =>
            expanded > limits.ZipEntryBytes ? $"it expands past the limit of {ByteSize.Text(limits.ZipEntryBytes)} per entry (Ledger:Limits:ZipEntryBytes)"
            : expanded > limits.ZipRatioAboveBytes && expanded > Math.Max(compressed, 1) * limits.ZipRatio
                ? $"it expands more than {limits.ZipRatio} times its compressed size of {compressed} bytes (Ledger:Limits:ZipRatio)"
            : null;
        // The declared size refuses an honest bomb before any work; the count below refuses a lying one.
        if (TooMuch(entry.Length) is { } declared) return declared + ", by its own header";
        if (File.Exists(path)) return "an earlier entry has the same name";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long written = 0;
        string? problem = null;
        var crc = new System.IO.Hashing.Crc32();
        try
        {
            using var input = entry.Open();
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            var buffer = new byte[81920];
            int n;
            while (problem is null && (n = input.Read(buffer)) > 0)
            {
                written += n;
                total += n;
                problem = TooMuch(written)
                    ?? (total > limits.ZipTotalBytes ? $"the zip expands past the limit of {ByteSize.Text(limits.ZipTotalBytes)} per zip (Ledger:Limits:ZipTotalBytes)" : null);
                if (problem is not null) break;
                output.Write(buffer, 0, n);
                crc.Append(buffer.AsSpan(0, n));
            }
            // The inflater stops at the declared size: a header that understates it shows as a checksum that does not match.
            if (problem is null && written != entry.Length) problem = $"its header declares {entry.Length} bytes but it holds {written}";
            if (problem is null && crc.GetCurrentHashAsUInt32() != entry.Crc32)
                problem = "its bytes do not match the checksum in its header (the header misstates its size, or the entry is damaged)";
        }
        catch (InvalidDataException e) { problem = $"it is corrupt ({e.Message})"; }
        if (problem is not null) File.Delete(path);
        return problem;
    }

    /// <summary>Why an entry name may not be unpacked: NUL, absolute, a drive letter, a <c>..</c> segment; null when it is safe.</summary>
    public static string? UnsafeName(string name)
    {
        if (name.Contains('\0')) return "its name holds a NUL character";
        var slashed = name.Replace('\\', '/');
        if (slashed.StartsWith('/')) return "its name is an absolute path";
        if (slashed.Length >= 2 && char.IsAsciiLetter(slashed[0]) && slashed[1] == ':') return "its name starts with a drive letter";
        if (slashed.Split('/').Any(s => s == "..")) return "its name climbs out of the archive (..)";
        return null;
    }

    private static string Printable(string name) => name.Replace("\0", "\\0");

    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        return name is "" or "." or ".." ? "upload" : name;
    }
}
