namespace CopyrightLedger.Core.Imaging;

/// <summary>A rectangle of pixels: left and top edge, and size, in the compared image's pixel coordinates.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public long Area => (long)Width * Height;
}

/// <summary>What changed between two versions of an image; the assessment sizes human edits from it.</summary>
/// <param name="Width">Width of the comparison, which is that of the <c>before</c> image.</param>
/// <param name="Height">Height of the comparison, which is that of the <c>before</c> image.</param>
/// <param name="ChangedPixels">Pixels where some channel (R, G, B or A) moved by more than the threshold.</param>
/// <param name="ChangedShare"><paramref name="ChangedPixels"/> over Width * Height: 0 (untouched) to 1 (every pixel).</param>
/// <param name="Regions">
/// Tight bounding boxes of the clusters of changed pixels, largest area first. Changed pixels fewer than
/// <see cref="ImageDiff.CellSize"/> pixels apart (across and down) always fall in one cluster, and ones up to twice that
/// apart may, since clusters are formed from touching grid cells. At most
/// <see cref="ImageDiff.MaxRegions"/>: beyond that, the smallest clusters are merged into the last box, which may
/// then be out of order and cover unchanged pixels between them.
/// </param>
/// <param name="SizeDiffers">
/// The images differ in size: <c>after</c> was area-averaged to the size of <c>before</c> before comparing, so a
/// plain resize shows up at most along sharp edges, while a crop or an extension (content shifted) changes much.
/// </param>
public sealed record ImageDifference(int Width, int Height, long ChangedPixels, double ChangedShare, IReadOnlyList<PixelRect> Regions, bool SizeDiffers);

/// <summary>
/// Compares two versions of an image pixel by pixel, and clusters the changed pixels into regions on a grid of
/// <see cref="CellSize"/> x <see cref="CellSize"/> cells (8-connected), so that a brush stroke is one region however
/// speckled its pixel mask.
/// </summary>
public static class ImageDiff
{
    public const int CellSize = 8;
    public const int MaxRegions = 32;

    /// <summary>The changed pixels' bounding box inside one grid cell; MaxX &lt; 0 when the cell has none.</summary>
    private struct CellBox
    {
        public int MinX, MinY, MaxX, MaxY;
        public readonly bool IsEmpty => MaxX < 0;
    }

    /// <param name="threshold">A pixel is changed when some channel differs by more than this (0 to 255).</param>
    /// <summary>How far a channel may move (0–255) before the pixel counts as changed: recompression noise stays below it.</summary>
    public const int DefaultThreshold = 24;

    public static ImageDifference Compare(RgbaImage before, RgbaImage after, int threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 255);
        var sizeDiffers = before.Width != after.Width || before.Height != after.Height;
        if (sizeDiffers) after = AreaResampler.Resize(after, before.Width, before.Height);

        var (cellsAcross, cellsDown) = ((before.Width + CellSize - 1) / CellSize, (before.Height + CellSize - 1) / CellSize);
        var cells = new CellBox[cellsAcross * cellsDown];
        Array.Fill(cells, new CellBox { MinX = int.MaxValue, MinY = int.MaxValue, MaxX = -1, MaxY = -1 });
        var changed = MarkChanges(before, after, threshold, cells, cellsAcross);
        var regions = Merge(Cluster(cells, cellsAcross, cellsDown));
        return new ImageDifference(before.Width, before.Height, changed, changed / ((double)before.Width * before.Height), regions, sizeDiffers);
    }

    private static long MarkChanges(RgbaImage before, RgbaImage after, int threshold, CellBox[] cells, int cellsAcross)
    {
        long changed = 0;
        var stride = before.Width * 4;
        for (var y = 0; y < before.Height; y++)
        {
            var a = before.Pixels.AsSpan(y * stride, stride);
            var b = after.Pixels.AsSpan(y * stride, stride);
            var cellRow = y / CellSize * cellsAcross;
            for (var x = 0; x < before.Width; x++)
            {
                var i = x * 4;
                var delta = Math.Max(Math.Max(Math.Abs(a[i] - b[i]), Math.Abs(a[i + 1] - b[i + 1])),
                                     Math.Max(Math.Abs(a[i + 2] - b[i + 2]), Math.Abs(a[i + 3] - b[i + 3])));
                if (delta <= threshold) continue;
                changed++;
                ref var cell = ref cells[cellRow + x / CellSize];
                cell.MinX = Math.Min(cell.MinX, x);
                cell.MaxX = Math.Max(cell.MaxX, x);
                cell.MinY = Math.Min(cell.MinY, y);
                cell.MaxY = Math.Max(cell.MaxY, y);
            }
        }
        return changed;
    }

    /// <summary>Flood-fills the non-empty cells (explicit stack, no recursion) into one pixel box per 8-connected component.</summary>
    private static List<PixelRect> Cluster(CellBox[] cells, int cellsAcross, int cellsDown)
    {
        var regions = new List<PixelRect>();
        var seen = new bool[cells.Length];
        var stack = new int[cells.Length]; // each cell is pushed at most once
        for (var start = 0; start < cells.Length; start++)
        {
            if (cells[start].IsEmpty || seen[start]) continue;
            var box = cells[start];
            seen[start] = true;
            var top = 0;
            stack[top++] = start;
            while (top > 0)
            {
                var cell = stack[--top];
                var (cx, cy) = (cell % cellsAcross, cell / cellsAcross);
                box = Union(box, cells[cell]);
                for (var ny = Math.Max(0, cy - 1); ny <= Math.Min(cellsDown - 1, cy + 1); ny++)
                    for (var nx = Math.Max(0, cx - 1); nx <= Math.Min(cellsAcross - 1, cx + 1); nx++)
                    {
                        var next = ny * cellsAcross + nx;
                        if (seen[next] || cells[next].IsEmpty) continue;
                        seen[next] = true;
                        stack[top++] = next;
                    }
            }
            regions.Add(new PixelRect(box.MinX, box.MinY, box.MaxX - box.MinX + 1, box.MaxY - box.MinY + 1));
        }
        return regions;
    }

    /// <summary>Sorts by area, largest first (ties top to bottom, then left to right), and merges any beyond the limit into the last.</summary>
    private static PixelRect[] Merge(List<PixelRect> regions)
    {
        regions.Sort((p, q) => p.Area != q.Area ? q.Area.CompareTo(p.Area) : p.Y != q.Y ? p.Y.CompareTo(q.Y) : p.X.CompareTo(q.X));
        if (regions.Count <= MaxRegions) return [.. regions];
        var kept = regions.GetRange(0, MaxRegions).ToArray();
        for (var i = MaxRegions; i < regions.Count; i++) kept[^1] = Union(kept[^1], regions[i]);
        return kept;
    }

    private static CellBox Union(CellBox a, CellBox b) => new()
    {
        MinX = Math.Min(a.MinX, b.MinX), MinY = Math.Min(a.MinY, b.MinY),
        MaxX = Math.Max(a.MaxX, b.MaxX), MaxY = Math.Max(a.MaxY, b.MaxY),
    };

    private static PixelRect Union(PixelRect a, PixelRect b)
    {
        int left = Math.Min(a.X, b.X), top = Math.Min(a.Y, b.Y);
        int right = Math.Max(a.X + a.Width, b.X + b.Width), bottom = Math.Max(a.Y + a.Height, b.Y + b.Height);
        return new PixelRect(left, top, right - left, bottom - top);
    }
}
