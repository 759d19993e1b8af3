using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// Thumbnails and difference maps for the dossier's pages, made from the stored originals (PNG decoded in managed
/// code, other images through ffmpeg) and cached per file. The originals themselves are attached untouched.
/// </summary>
public sealed class DossierImages(Func<Artifact, string> pathOf)
{
    public const int ThumbSide = 320;
    private readonly Dictionary<Guid, RgbaImage?> _pixels = [];
    private readonly Dictionary<(Guid, int), byte[]?> _thumbs = [];

    /// <summary>A downscaled PNG of the file, or null when it is not an image that can be decoded.</summary>
    public byte[]? Thumbnail(Artifact a, int maxSide = ThumbSide)
    {
        if (_thumbs.TryGetValue((a.Id, maxSide), out var cached)) return cached;
        var thumb = Pixels(a) is { } image ? Previews.Thumbnail(image, maxSide) : null;
        _thumbs[(a.Id, maxSide)] = thumb;
        return thumb;
    }

    /// <summary>The edit's difference map and measure, or null when either side cannot be decoded.</summary>
    public (byte[] Map, ImageDifference Diff)? Difference(Artifact from, Artifact to)
    {
        if (Pixels(from) is not { } before || Pixels(to) is not { } after) return null;
        var diff = ImageDiff.Compare(before, after);
        return (Previews.DifferenceMap(before, after, diff, ThumbSide), diff);
    }

    private RgbaImage? Pixels(Artifact a)
    {
        if (_pixels.TryGetValue(a.Id, out var cached)) return cached;
        RgbaImage? image = null;
        if (a.MediaType.StartsWith("image/", StringComparison.Ordinal))
        {
            try { image = PixelSource.Load(pathOf(a)); }
            catch (Exception e) when (e is PixelFormatException or PngFormatException or IOException) { } // shown as "no preview"; the original is attached all the same
        }
        _pixels[a.Id] = image;
        return image;
    }
}
