using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Import;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Web.Features.Import;

/// <summary>
/// Reads files for an import on every core: the metadata (hash and all readers), then the pixels of images for the
/// perceptual hash and the init-image hashes. PNG is decoded in process; other images go through ffmpeg. A file
/// whose pixels cannot be decoded is still imported, with a warning; its bytes are never changed.
/// </summary>
public sealed class FileAnalyzer(ILogger<FileAnalyzer> log)
{
    public async Task<IReadOnlyList<ImportFile>> AnalyzeAsync(string root, IReadOnlyList<string> paths, Jobs.IJobProgress? progress, CancellationToken ct)
    {
        var results = new ImportFile[paths.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            (i, _) =>
            {
                results[i] = Analyze(root, paths[i]);
                var n = Interlocked.Increment(ref done);
                progress?.Report(n, paths.Count, $"Reading {results[i].Path}");
                return ValueTask.CompletedTask;
            });
        return results;
    }

    public ImportFile Analyze(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        FileMetadata metadata;
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            metadata = MetadataReader.Read(s, path);
        if (metadata.Error is not null || !metadata.MediaType.StartsWith("image/", StringComparison.Ordinal)) return new ImportFile(relative, metadata);
        try
        {
            var image = metadata.MediaType == "image/png" ? PngDecoder.Decode(File.OpenRead(path)) : PixelSource.Load(path);
            return new ImportFile(relative, metadata, PixelFacts.Of(image));
        }
        catch (Exception e) when (e is PngFormatException or PixelFormatException or IOException)
        {
            log.LogInformation("Pixels of {Path} not decoded: {Reason}", relative, e.Message);
            return new ImportFile(relative, metadata with { Warnings = [.. metadata.Warnings, $"pixels not decoded: {e.Message}"] });
        }
    }
}
