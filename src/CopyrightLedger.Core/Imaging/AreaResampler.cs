namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// Resizes a raster by area averaging (a box filter): each target sample is the mean of the source area it covers,
/// each source sample weighted by the exact share of it inside that area, so it shrinks and enlarges alike.
/// Rows stream through a reader and a writer, so only a few rows are held at once, whatever the image's size.
/// </summary>
internal static class AreaResampler
{
    /// <summary>Fills <paramref name="row"/> with source row <paramref name="y"/>: width * channels values, interleaved.</summary>
    public delegate void RowReader(int y, Span<double> row);

    /// <summary>Receives target row <paramref name="y"/>: targetWidth * channels values, interleaved.</summary>
    public delegate void RowWriter(int y, ReadOnlySpan<double> row);

    /// <summary>The source span of each target index: its first source index, how many follow, and their weights.</summary>
    private sealed record Spans(int[] First, int[] Count, int[] WeightAt, double[] Weights);

    public static RgbaImage Resize(RgbaImage image, int width, int height)
    {
        var pixels = new byte[width * height * 4];
        Resample(image.Width, image.Height, 4, width, height,
            (y, row) =>
            {
                var source = image.Pixels.AsSpan(y * image.Width * 4, image.Width * 4);
                for (var i = 0; i < source.Length; i++) row[i] = source[i];
            },
            (y, row) =>
            {
                var target = pixels.AsSpan(y * width * 4, width * 4);
                for (var i = 0; i < target.Length; i++) target[i] = (byte)Math.Clamp(Math.Round(row[i]), 0, 255);
            });
        return new RgbaImage(width, height, pixels);
    }

    public static void Resample(int width, int height, int channels, int targetWidth, int targetHeight, RowReader read, RowWriter write)
    {
        var columns = SpansFor(width, targetWidth);
        var rows = SpansFor(height, targetHeight);
        var source = new double[width * channels];
        var narrowed = new double[targetWidth * channels];
        var sum = new double[targetWidth * channels];
        var narrowedRow = -1;
        for (var ty = 0; ty < targetHeight; ty++)
        {
            Array.Clear(sum);
            for (var k = 0; k < rows.Count[ty]; k++)
            {
                var y = rows.First[ty] + k;
                // Neighbouring target rows share a source row at their boundary (or many, when enlarging): narrow it once.
                if (y != narrowedRow)
                {
                    read(y, source);
                    Narrow(source, narrowed, columns, channels);
                    narrowedRow = y;
                }
                var weight = rows.Weights[rows.WeightAt[ty] + k];
                for (var i = 0; i < sum.Length; i++) sum[i] += weight * narrowed[i];
            }
            write(ty, sum);
        }
    }

    private static void Narrow(ReadOnlySpan<double> source, Span<double> target, Spans columns, int channels)
    {
        for (var tx = 0; tx < columns.First.Length; tx++)
        {
            for (var c = 0; c < channels; c++)
            {
                var value = 0.0;
                for (var k = 0; k < columns.Count[tx]; k++)
                    value += columns.Weights[columns.WeightAt[tx] + k] * source[(columns.First[tx] + k) * channels + c];
                target[tx * channels + c] = value;
            }
        }
    }

    /// <summary>
    /// Target index t covers source interval [t*S/T, (t+1)*S/T). Scaled by T, every bound is an integer, so overlaps
    /// are computed exactly and the weights (overlap / S) of each target index sum to one.
    /// </summary>
    private static Spans SpansFor(int sourceLength, int targetLength)
    {
        var first = new int[targetLength];
        var count = new int[targetLength];
        var weightAt = new int[targetLength];
        var weights = new List<double>(sourceLength + targetLength);
        for (var t = 0; t < targetLength; t++)
        {
            long low = (long)t * sourceLength, high = (long)(t + 1) * sourceLength;
            var from = (int)(low / targetLength);
            var to = (int)((high - 1) / targetLength);
            (first[t], count[t], weightAt[t]) = (from, to - from + 1, weights.Count);
            for (var s = from; s <= to; s++)
            {
                var overlap = Math.Min(high, (long)(s + 1) * targetLength) - Math.Max(low, (long)s * targetLength);
                weights.Add(overlap / (double)sourceLength);
            }
        }
        return new Spans(first, count, weightAt, weights.ToArray());
    }
}
