using System.Security.Cryptography;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Import;

/// <summary>
/// What the importer derives from a file's decoded pixels: the perceptual hash (to compare candidates and edits)
/// and the hashes generators use to name an init image: A1111 writes the MD5 of Pillow's <c>tobytes()</c> (RGB or
/// RGBA bytes, depending on the image's mode), SD.Next the SHA-256 of the same bytes, cut to 8 hex digits.
/// </summary>
public sealed record PixelFacts(ulong PerceptualHash, string? Md5Rgb = null, string? Md5Rgba = null, string? Sha256Rgb = null)
{
    /// <summary>
    /// The perceptual hash, and the init-image hashes only when <paramref name="withInitImageHashes"/>: they cost
    /// more than decoding, and are needed only when some file of the import names an input by hash.
    /// </summary>
    public static PixelFacts Of(RgbaImage image, bool withInitImageHashes)
    {
        if (!withInitImageHashes) return new PixelFacts(Imaging.PerceptualHash.Of(image));
        var rgba = image.Pixels;
        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0, o = 0; i < rgba.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return new PixelFacts(Imaging.PerceptualHash.Of(image),
            Convert.ToHexStringLower(MD5.HashData(rgb)), Convert.ToHexStringLower(MD5.HashData(rgba)),
            Convert.ToHexStringLower(SHA256.HashData(rgb)));
    }
}
