using CopyrightLedger.Core.Containers;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Hashing;
using CopyrightLedger.Core.Imaging;
using CopyrightLedger.Core.Provenance;
using CopyrightLedger.Core.Provenance.C2pa;
using CopyrightLedger.Core.Provenance.Xmp;

namespace CopyrightLedger.Core.Metadata;

/// <summary>
/// Reads everything a file says about how it was made: its container (PNG, JPEG, WebP, MP4/MOV/HEIF), the raw
/// metadata chunks, C2PA and XMP independently, then the generator's own record in the order of docs/FORMATS.md's
/// detection list. A file that cannot be read gets <see cref="FileMetadata.Error"/>; a part that cannot be read
/// (say, a broken ComfyUI graph in an intact PNG) becomes a warning and the rest is still reported.
/// </summary>
public static class MetadataReader
{
    /// <param name="budget">
    /// What the file's metadata may inflate, decode and reassemble to, all readers together (docs/SECURITY.md); one
    /// file's default when null. Over it, the file gets an <see cref="FileMetadata.Error"/> naming the limit, and
    /// what it had charged is given back, since none of its metadata is kept in memory.
    /// </param>
    public static FileMetadata Read(Stream stream, string fileName = "", MetadataBudget? budget = null)
    {
        budget ??= MetadataBudget.ForOneFile();
        if (!stream.CanSeek) throw new ArgumentException("The stream must be seekable: it is read once for the hash and once for the metadata.", nameof(stream));
        var sha = Sha256Hex.Of(stream).Value;
        var size = stream.Length;
        stream.Position = 0;
        var head = new byte[MediaTypes.HeadLength];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var mediaType = MediaTypes.Sniff(head.AsSpan(0, n), fileName);
        var basics = new FileMetadata { Sha256 = sha, MediaType = mediaType, SizeBytes = size };
        // Damage the bytes show before any reader runs: nothing, or not the image the name claims (a PNG named .jpg is
        // still the PNG it is).
        if (size == 0) return basics with { Error = "the file is empty (0 bytes)" };
        if (MediaTypes.NamedFormat(fileName) is { } named && !mediaType.StartsWith("image/", StringComparison.Ordinal) && !mediaType.StartsWith("video/", StringComparison.Ordinal))
            return basics with { Error = $"named {Path.GetExtension(fileName)}, but its bytes are not a {named} nor any image or video format known here (it starts {string.Join(' ', head.Take(Math.Min(n, 8)).Select(b => b.ToString("x2")))})" };
        try
        {
            var found = mediaType switch
            {
                "image/png" => FromPng(stream, budget),
                "image/jpeg" => FromJpeg(stream, budget),
                "image/webp" => FromWebp(stream, budget),
                "video/mp4" or "video/quicktime" or "image/avif" or "image/heic" => FromBmff(stream, budget),
                _ => null,
            };
            return found is null ? basics with { Warnings = [$"no metadata reader for {mediaType}"] } : Interpret(basics, found);
        }
        catch (MetadataBudgetException e)
        {
            budget.Refund();
            return basics with { Error = $"metadata not read: {e.Message}; the file itself is kept byte for byte" };
        }
        catch (Exception e) when (e is MetadataFormatException or PngFormatException or EndOfStreamException)
        {
            budget.Refund();
            return basics with { Error = e.Message };
        }
    }

    /// <summary>What a container yielded, before any interpretation.</summary>
    private sealed record Found(int? Width, int? Height, string? ClaimedTime, List<RawChunk> Chunks, List<TextEntry> Text, string? Xmp, byte[]? C2pa)
    {
        public List<string> Warnings { get; init; } = [];
    }

    private static Found FromPng(Stream s, MetadataBudget budget)
    {
        var png = PngFile.Read(s, budget: budget);
        if (png.ImageDataShortfall() is { } shortfall) throw new PngFormatException(shortfall);
        var chunks = new List<RawChunk>();
        var text = new List<TextEntry>();
        foreach (var t in png.Text)
        {
            chunks.Add(new RawChunk("png:" + t.ChunkType, t.Keyword, t.RawData));
            text.Add(new TextEntry("png:" + t.ChunkType, t.Keyword, t.Text));
        }
        byte[]? c2pa = null;
        foreach (var c in png.Chunks.Where(c => c.Type == "caBX"))
        {
            chunks.Add(new RawChunk("png:caBX", "c2pa", c.Data));
            c2pa ??= c.Data;
        }
        var xmp = text.FirstOrDefault(t => t.Key == "XML:com.adobe.xmp")?.Text;
        return new Found(png.Width, png.Height, png.LastModifiedUtc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), chunks, text, xmp, c2pa);
    }

    private static Found FromJpeg(Stream s, MetadataBudget budget)
    {
        var jpeg = JpegFile.Read(s, budget);
        var warnings = jpeg.Warnings.ToList();
        var text = jpeg.Exif is { } exif ? ExifText(exif, "jpeg", warnings, budget) : [];
        if (jpeg.Comment is { } comment) text.Add(new TextEntry("jpeg:COM", "comment", comment));
        return new Found(jpeg.Width, jpeg.Height, ClaimedFromExif(text), [.. jpeg.Chunks], text, jpeg.Xmp, jpeg.C2pa) { Warnings = warnings };
    }

    private static Found FromWebp(Stream s, MetadataBudget budget)
    {
        var webp = WebpFile.Read(s, budget);
        var warnings = new List<string>();
        var text = webp.Exif is { } exif ? ExifText(exif, "webp", warnings, budget) : [];
        return new Found(webp.Width, webp.Height, ClaimedFromExif(text), [.. webp.Chunks], text, webp.Xmp, webp.C2pa) { Warnings = warnings };
    }

    private static Found FromBmff(Stream s, MetadataBudget budget)
    {
        var box = IsoBmffFile.Read(s, budget);
        return new Found(null, null, null, [.. box.Chunks], [], null, box.C2pa);
    }

    /// <summary>
    /// EXIF fields as text entries under the names the PNG writers use, so one detection order serves every container:
    /// UserComment is A1111's, SwarmUI's and Fooocus's <c>parameters</c>; ComfyUI's WebP writer puts
    /// <c>prompt:{json}</c> in Model and <c>workflow:{json}</c> in Make; Fooocus puts its scheme in MakerNote.
    /// </summary>
    private static List<TextEntry> ExifText(byte[] tiff, string container, List<string> warnings, MetadataBudget budget)
    {
        var result = new List<TextEntry>();
        IReadOnlyList<ExifField> fields;
        try { fields = ExifReader.Read(tiff, budget); }
        catch (MetadataFormatException e)
        {
            // A broken EXIF block costs its own fields, not the rest of the file (the raw bytes are kept).
            warnings.Add(e.Message);
            return result;
        }
        string? Field(int tag) => fields.FirstOrDefault(f => f.Tag == tag)?.Value;
        foreach (var f in fields) result.Add(new TextEntry($"{container}:exif", f.Name, f.Value));
        if (Field(0x9286) is { Length: > 0 } userComment) result.Add(new TextEntry($"{container}:exif", "parameters", userComment));
        foreach (var value in new[] { Field(0x0110), Field(0x010F) })
        {
            if (value?.StartsWith("prompt:", StringComparison.Ordinal) == true) result.Add(new TextEntry($"{container}:exif", "prompt", value["prompt:".Length..]));
            if (value?.StartsWith("workflow:", StringComparison.Ordinal) == true) result.Add(new TextEntry($"{container}:exif", "workflow", value["workflow:".Length..]));
        }
        if (Field(0x0131)?.StartsWith("Fooocus", StringComparison.Ordinal) == true && Field(0x927C) is { } scheme)
            result.Add(new TextEntry($"{container}:exif", "fooocus_scheme", scheme.Trim()));
        return result;
    }

    private static string? ClaimedFromExif(List<TextEntry> text)
    {
        var when = text.FirstOrDefault(t => t.Key == "DateTimeOriginal")?.Text ?? text.FirstOrDefault(t => t.Key == "DateTime")?.Text;
        var offset = text.FirstOrDefault(t => t.Key == "OffsetTimeOriginal")?.Text;
        return when is null ? null : offset is null ? when : when + offset;
    }

    private static FileMetadata Interpret(FileMetadata basics, Found found)
    {
        var warnings = new List<string>(found.Warnings);
        var c2pa = found.C2pa is { } jumbf ? Guard(warnings, "C2PA", () => C2paReader.Read(jumbf)) : null;
        var xmp = found.Xmp is { } packet ? Guard(warnings, "XMP", () => XmpReader.Read(packet)) : null;
        GenerationInfo? generation = null;
        string? damaged = null;
        try { generation = GeneratorDetection.Detect(found.Text); }
        catch (MetadataFormatException e)
        {
            // The generator's record is there but does not parse: the file is damaged, not of an unknown generator.
            damaged = $"damaged generator metadata: {e.Message.TrimEnd('.')}; the chunk is kept raw";
            warnings.Add(damaged);
        }
        if (generation is not null) warnings.AddRange(generation.Warnings);
        var sourceType = xmp?.DigitalSourceType ?? c2pa?.Actions.Select(a => a.DigitalSourceType).FirstOrDefault(d => d is not null);
        return basics with
        {
            Width = found.Width,
            Height = found.Height,
            ClaimedTime = found.ClaimedTime,
            Chunks = found.Chunks,
            Text = found.Text,
            Generation = generation,
            Xmp = xmp,
            C2pa = c2pa,
            DigitalSourceType = DigitalSourceTypes.Normalize(sourceType),
            Warnings = warnings,
            DamagedChunk = damaged,
        };
    }

    private static T? Guard<T>(List<string> warnings, string what, Func<T?> read) where T : class
    {
        try { return read(); }
        catch (MetadataFormatException e)
        {
            warnings.Add($"{what} could not be read: {e.Message}");
            return null;
        }
    }
}
