using System.Text;
using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Metadata;
using CopyrightLedger.Core.Provenance.C2pa;
using CopyrightLedger.Core.Provenance.Xmp;

namespace CopyrightLedger.Core.Tests.Fixtures;

/// <summary>The reader a seed is fed to: each container reader, each inner reader on the bytes its container found, and the entry point.</summary>
public enum FuzzTarget { MetadataReader, Png, PngPixels, Jpeg, Webp, Bmff, Exif, Xmp, C2pa, Generation }

public sealed record FuzzSeed(string Name, FuzzTarget Target, byte[] Bytes);

/// <summary>
/// The fuzzing corpus: the golden fixtures (tests/fixtures/metadata) and two images of every sample, each fed whole to
/// <see cref="MetadataReader"/> and to its container's reader, and the EXIF, XMP, C2PA (JUMBF) and generator text their
/// containers hold, fed to the inner readers directly so a mutation lands in their bytes rather than in a container
/// that would refuse it first.
/// </summary>
public static class FuzzCorpus
{
    public static IReadOnlyList<FuzzSeed> Load()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "fixtures", "metadata"))
            .Concat(Directory.GetDirectories(RepoPaths.Samples).SelectMany(d => Directory.GetFiles(Path.Combine(d, "images")).Order(StringComparer.Ordinal).Take(2)))
            .Order(StringComparer.Ordinal).ToList();
        var seeds = new List<FuzzSeed>();
        foreach (var path in files)
        {
            var name = Path.GetRelativePath(RepoPaths.Root, path);
            var bytes = File.ReadAllBytes(path);
            seeds.Add(new(name, FuzzTarget.MetadataReader, bytes));
            var report = MetadataReader.Read(new MemoryStream(bytes), name);
            Assert.True(report.Error is null, $"seed {name} does not read intact: {report.Error}");
            switch (report.MediaType)
            {
                case "image/png":
                    seeds.Add(new(name, FuzzTarget.Png, bytes));
                    seeds.Add(new(name, FuzzTarget.PngPixels, bytes));
                    var png = PngFile.Read(new MemoryStream(bytes));
                    foreach (var c in png.Chunks.Where(c => c.Type == "caBX")) AddC2pa(seeds, name, c.Data);
                    if (png.Text.FirstOrDefault(t => t.Keyword == "XML:com.adobe.xmp") is { } xmp) seeds.Add(new(name, FuzzTarget.Xmp, Encoding.UTF8.GetBytes(xmp.Text)));
                    break;
                case "image/jpeg":
                    seeds.Add(new(name, FuzzTarget.Jpeg, bytes));
                    var jpeg = JpegFile.Read(new MemoryStream(bytes));
                    AddInner(seeds, name, jpeg.Exif, jpeg.Xmp, jpeg.C2pa);
                    break;
                case "image/webp":
                    seeds.Add(new(name, FuzzTarget.Webp, bytes));
                    var webp = WebpFile.Read(new MemoryStream(bytes));
                    AddInner(seeds, name, webp.Exif, webp.Xmp, webp.C2pa);
                    break;
                default:
                    seeds.Add(new(name, FuzzTarget.Bmff, bytes));
                    AddInner(seeds, name, null, null, IsoBmffFile.Read(new MemoryStream(bytes)).C2pa);
                    break;
            }
            // The generator parsers see the decoded text entries; each file's entries are one seed, serialized by Encode.
            if (report.Text.Count > 0) seeds.Add(new(name, FuzzTarget.Generation, EncodeText(report.Text)));
        }
        return seeds;
    }

    private static void AddInner(List<FuzzSeed> seeds, string name, byte[]? exif, string? xmp, byte[]? c2pa)
    {
        if (exif is not null) seeds.Add(new(name, FuzzTarget.Exif, exif));
        if (xmp is not null) seeds.Add(new(name, FuzzTarget.Xmp, Encoding.UTF8.GetBytes(xmp)));
        if (c2pa is not null) AddC2pa(seeds, name, c2pa);
    }

    private static void AddC2pa(List<FuzzSeed> seeds, string name, byte[] jumbf) => seeds.Add(new(name, FuzzTarget.C2pa, jumbf));

    /// <summary>Text entries as bytes a mutation can damage: <c>source \x1F key \x1F text \x1E</c> per entry.</summary>
    public static byte[] EncodeText(IEnumerable<TextEntry> entries) =>
        Encoding.UTF8.GetBytes(string.Concat(entries.Select(e => $"{e.Source}\x1F{e.Key}\x1F{e.Text}\x1E")));

    public static List<TextEntry> DecodeText(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\x1E', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\x1F', 3))
            .Select(p => new TextEntry(p[0], p.Length > 1 ? p[1] : "", p.Length > 2 ? p[2] : ""))
            .ToList();

    /// <summary>Feeds <paramref name="bytes"/> to the reader <paramref name="target"/> names; returns what it made of them.</summary>
    public static object? Feed(FuzzTarget target, byte[] bytes) => target switch
    {
        FuzzTarget.MetadataReader => MetadataReader.Read(new MemoryStream(bytes), "fuzz"),
        FuzzTarget.Png => PngFile.Read(new MemoryStream(bytes)),
        FuzzTarget.PngPixels => PngDecoder.Decode(new MemoryStream(bytes)),
        FuzzTarget.Jpeg => JpegFile.Read(new MemoryStream(bytes)),
        FuzzTarget.Webp => WebpFile.Read(new MemoryStream(bytes)),
        FuzzTarget.Bmff => IsoBmffFile.Read(new MemoryStream(bytes)),
        FuzzTarget.Exif => ExifReader.Read(bytes),
        FuzzTarget.Xmp => XmpReader.Read(Encoding.UTF8.GetString(bytes)),
        FuzzTarget.C2pa => C2paReader.Read(bytes),
        FuzzTarget.Generation => GeneratorDetection.Detect(DecodeText(bytes)),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };
}
