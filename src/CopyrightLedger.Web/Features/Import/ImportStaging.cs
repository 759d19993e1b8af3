using System.IO.Compression;
using CopyrightLedger.Core;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Where uploaded import files wait for their job: <c>&lt;data&gt;/imports/&lt;id&gt;/</c>. A zip is unpacked
/// there with every entry path checked (no absolute paths, no <c>..</c>) and every byte counted, so a hostile
/// archive ends in an error instead of a full disk. The zip itself is kept beside the unpacked files as evidence.
/// </summary>
public sealed class ImportStaging(IOptions<LedgerOptions> options)
{
    public const long MaxUnpackedBytes = 20L << 30;
    public const int MaxEntries = 100_000;

    public string NewFolder()
    {
        var folder = Path.Combine(options.Value.FullDataDirectory, "imports", Guid.CreateVersion7().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes one uploaded file under a name that cannot leave the folder or overwrite an earlier one.</summary>
    public static async Task<string> SaveAsync(string folder, string fileName, Stream content, CancellationToken ct)
    {
        var name = SafeName(fileName);
        var path = Path.Combine(folder, name);
        for (var i = 2; File.Exists(path); i++) path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)} ({i}){Path.GetExtension(name)}");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, ct);
            file.Flush(flushToDisk: true);
        }
        return path;
    }

    /// <summary>Unpacks a zip into <paramref name="folder"/>/<c>zip-name/</c>; throws <see cref="DomainException"/> on a hostile archive.</summary>
    public static void Unpack(string zipPath, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileNameWithoutExtension(zipPath));
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        long written = 0;
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            if (zip.Entries.Count > MaxEntries) throw new DomainException($"{Path.GetFileName(zipPath)} holds {zip.Entries.Count} entries, over the limit of {MaxEntries}.");
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                var path = Path.GetFullPath(Path.Combine(target, entry.FullName));
                if (!path.StartsWith(root, StringComparison.Ordinal) || Path.IsPathRooted(entry.FullName))
                    throw new DomainException($"{Path.GetFileName(zipPath)}: entry '{entry.FullName}' points outside the archive.");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var input = entry.Open();
                using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                var buffer = new byte[81920];
                int n;
                while ((n = input.Read(buffer)) > 0)
                {
                    written += n;
                    if (written > MaxUnpackedBytes) throw new DomainException($"{Path.GetFileName(zipPath)} unpacks to more than {MaxUnpackedBytes >> 30} GiB.");
                    output.Write(buffer, 0, n);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DomainException($"{Path.GetFileName(zipPath)} is not a readable zip ({e.Message}).");
        }
    }

    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        return name is "" or "." or ".." ? "upload" : name;
    }
}
