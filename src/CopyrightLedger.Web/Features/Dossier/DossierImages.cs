using System.Collections.Concurrent;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// Thumbnails and difference maps for the dossier's pages, made from the stored originals (PNG decoded in managed
/// code, other images and a video's first frame through ffmpeg). The originals themselves are attached untouched. Thumbnails are made on every
/// core before layout asks for them (<see cref="Prepare"/>) and kept; decoded pixels are not, so memory stays flat.
/// </summary>
public sealed class DossierImages(Func<Artifact, string> pathOf)
{
    /// <summary>Longest side of a thumbnail in a row (about 1.3 inches wide at 150 dpi).</summary>
    public const int RowSide = 200;
    /// <summary>Longest side of the picture on an exhibit's own page.</summary>
    public const int PageSide = 640;

    private readonly ConcurrentDictionary<(Guid, int), byte[]?> _thumbs = new();

    /// <summary>Makes the thumbnails a dossier will show, decoding each original once.</summary>
    public void Prepare(IEnumerable<(Artifact Artifact, int Side)> wanted) =>
        Parallel.ForEach(wanted.GroupBy(w => w.Artifact.Id), group =>
        {
            var image = Pixels(group.First().Artifact);
            foreach (var side in group.Select(w => w.Side).Distinct())
                _thumbs[(group.Key, side)] = image is null ? null : Previews.Thumbnail(image, side);
        });

    /// <summary>A downscaled PNG of the file, or null when it is not an image that can be decoded.</summary>
    public byte[]? Thumbnail(Artifact a, int maxSide = RowSide) =>
        _thumbs.GetOrAdd((a.Id, maxSide), _ => Pixels(a) is { } image ? Previews.Thumbnail(image, maxSide) : null);

    /// <summary>The edit's difference map and measure, or null when either side cannot be decoded.</summary>
    public (byte[] Map, ImageDifference Diff)? Difference(Artifact from, Artifact to)
    {
        if (Pixels(from) is not { } before || Pixels(to) is not { } after) return null;
        var diff = ImageDiff.Compare(before, after);
        return (Previews.DifferenceMap(before, after, diff, PageSide / 2), diff);
    }

    // No pixels is "no preview"; the original is attached all the same.
    private RgbaImage? Pixels(Artifact a) => PixelSource.TryLoad(pathOf(a), a.MediaType).Image;
}
