using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Import;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Reads files for an import on every core: the metadata (hash and all readers), then the pixels of images for the
/// perceptual hash and the init-image hashes. PNG is decoded in process; other images go through ffmpeg. A file
/// whose pixels cannot be decoded is still imported, with a warning; its bytes are never changed. The metadata of
/// one file, and of one import's files together, is read within <see cref="LedgerOptions.LimitsOptions"/>'s budget
/// (docs/SECURITY.md): a file over it is kept byte for byte with its metadata marked unread.
/// </summary>
public sealed class FileAnalyzer(ILogger<FileAnalyzer> log, Microsoft.Extensions.Options.IOptions<LedgerOptions> options)
{
    public async Task<IReadOnlyList<ImportFile>> AnalyzeAsync(string root, IReadOnlyList<string> paths, Jobs.IJobProgress? progress, CancellationToken ct)
    {
        // First the metadata of every file (cheap), to learn whether any file names its input by a pixel hash;
        // then the pixels, with those hashes only if needed.
        var metadata = new FileMetadata[paths.Count];
        var limits = options.Value.Limits;
        var budget = new MetadataBudget.Batch(limits.MetadataBytesPerImport, limits.MetadataBytesPerFile);
        var done = 0;
        await ForEachAsync(paths.Count, ct, i =>
        {
            using var s = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            metadata[i] = MetadataReader.Read(s, paths[i], budget.ForFile());
            progress?.Report(Interlocked.Increment(ref done), 2 * paths.Count, $"Reading {Path.GetFileName(paths[i])}");
        });
        var initImageHashes = ImportPlanner.NeedsPixelHashes(metadata);
        var results = new ImportFile[paths.Count];
        await ForEachAsync(paths.Count, ct, i =>
        {
            results[i] = WithPixels(Path.GetRelativePath(root, paths[i]).Replace('\\', '/'), paths[i], metadata[i], initImageHashes);
            progress?.Report(Interlocked.Increment(ref done), 2 * paths.Count, $"Decoding {Path.GetFileName(paths[i])}");
        });
        return results;
    }

    /// <summary>One stored file read as an import reads it: its metadata (any container), and its pixels where they decode.</summary>
    public ImportFile AnalyzeOne(string path, string name)
    {
        FileMetadata metadata;
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)) metadata = MetadataReader.Read(s, name, MetadataBudget.ForOneFile(options.Value.Limits.MetadataBytesPerFile));
        return WithPixels(name, path, metadata, initImageHashes: false);
    }

    private static Task ForEachAsync(int count, CancellationToken ct, Action<int> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            (i, _) => { body(i); return ValueTask.CompletedTask; });

    private ImportFile WithPixels(string relative, string path, FileMetadata metadata, bool initImageHashes)
    {
        if (metadata.Error is not null || !metadata.MediaType.StartsWith("image/", StringComparison.Ordinal)) return new ImportFile(relative, metadata);
        try
        {
            RgbaImage image;
            if (metadata.MediaType == "image/png")
            {
                using var s = File.OpenRead(path);
                image = PngDecoder.Decode(s);
            }
            else image = PixelSource.Load(path);
            return new ImportFile(relative, metadata, PixelFacts.Of(image, initImageHashes));
        }
        catch (Exception e) when (e is PngFormatException or PixelFormatException or IOException)
        {
            log.LogInformation("Pixels of {Path} not decoded: {Reason}", relative, e.Message);
            return new ImportFile(relative, metadata with { Warnings = [.. metadata.Warnings, $"pixels not decoded: {e.Message}"] });
        }
    }
}
