using System.Numerics;

namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// The 64-bit DCT perceptual hash (pHash): luminance (ITU-R BT.601 weights, alpha composited on white), area-averaged
/// to 32 x 32, an orthonormal 2-D DCT-II, and the lowest 8 x 8 frequencies thresholded at their median. Bit
/// <c>v * 8 + u</c> is set when coefficient (u across, v down) is above the median of the 64.
/// The DC term (u = v = 0) is included, as in the widely used imagehash formulation: being the mean brightness times
/// 32, it is nearly always above the median, so its bit carries little, but leaving it in keeps the block and the
/// median the plain 8 x 8. Re-encoding and rescaling flip a few bits; unrelated pictures differ in about half.
/// Double arithmetic in a fixed order, so the same pixels always give the same hash.
/// </summary>
public static class PerceptualHash
{
    private const int Size = 32;
    private const int Block = 8;

    // Cosines[u, x] = c(u) cos((2x + 1) u pi / 2N): the orthonormal DCT-II basis, for the first Block frequencies.
    private static readonly double[,] Cosines = BuildCosines();

    public static ulong Of(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var block = LowFrequencies(Luminance32(image));
        var sorted = (double[])block.Clone();
        Array.Sort(sorted);
        var median = (sorted[Block * Block / 2 - 1] + sorted[Block * Block / 2]) / 2;
        ulong hash = 0;
        for (var i = 0; i < block.Length; i++)
            if (block[i] > median) hash |= 1UL << i;
        return hash;
    }

    /// <summary>The number of differing bits: 0 for the same picture, about 32 for unrelated ones.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static double[] Luminance32(RgbaImage image)
    {
        var plane = new double[Size * Size];
        AreaResampler.Resample(image.Width, image.Height, 1, Size, Size,
            (y, row) =>
            {
                var pixels = image.Pixels.AsSpan(y * image.Width * 4, image.Width * 4);
                for (var x = 0; x < row.Length; x++) row[x] = Luminance(pixels.Slice(x * 4, 4));
            },
            (y, row) => row.CopyTo(plane.AsSpan(y * Size, Size)));
        return plane;
    }

    /// <summary>BT.601 luma composited on white, in integers until the one division, so white is exactly 255.</summary>
    private static double Luminance(ReadOnlySpan<byte> rgba)
    {
        var luma = 299 * rgba[0] + 587 * rgba[1] + 114 * rgba[2]; // thousandths
        var alpha = rgba[3];
        return (luma * alpha + 255_000 * (255 - alpha)) / 255_000.0;
    }

    /// <summary>The top-left 8 x 8 of the 2-D DCT-II of a 32 x 32 plane, row-major (index v * 8 + u).</summary>
    private static double[] LowFrequencies(double[] plane)
    {
        // Rows first: rowTerms[y, u] = sum over x of plane[y, x] * Cosines[u, x]; then the same down the columns.
        var rowTerms = new double[Size * Block];
        for (var y = 0; y < Size; y++)
            for (var u = 0; u < Block; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < Size; x++) sum += plane[y * Size + x] * Cosines[u, x];
                rowTerms[y * Block + u] = sum;
            }
        var block = new double[Block * Block];
        for (var v = 0; v < Block; v++)
            for (var u = 0; u < Block; u++)
            {
                var sum = 0.0;
                for (var y = 0; y < Size; y++) sum += rowTerms[y * Block + u] * Cosines[v, y];
                block[v * Block + u] = sum;
            }
        return block;
    }

    private static double[,] BuildCosines()
    {
        var table = new double[Block, Size];
        for (var u = 0; u < Block; u++)
        {
            var scale = u == 0 ? Math.Sqrt(1.0 / Size) : Math.Sqrt(2.0 / Size);
            for (var x = 0; x < Size; x++) table[u, x] = scale * Math.Cos((2 * x + 1) * u * Math.PI / (2 * Size));
        }
        return table;
    }
}
