namespace CopyrightLedger.Core.Evidence;

/// <summary>Names a file's media type from its first bytes, falling back on the extension only when the bytes say nothing.</summary>
public static class MediaTypes
{
    public const int HeadLength = 16;

    /// <summary>The image or video format a file's extension names (".png" → PNG); null for any other extension.</summary>
    public static string? NamedFormat(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".png" => "PNG",
        ".jpg" or ".jpeg" => "JPEG",
        ".webp" => "WebP",
        ".gif" => "GIF",
        ".avif" => "AVIF",
        ".heic" or ".heif" => "HEIF",
        ".mp4" or ".m4v" => "MP4",
        ".mov" => "QuickTime",
        ".psd" => "Photoshop",
        _ => null,
    };

    public static string Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (head.StartsWith("GIF8"u8)) return "image/gif";
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = head[8..12];
            if (brand.SequenceEqual("qt  "u8)) return "video/quicktime";
            if (brand.SequenceEqual("avif"u8)) return "image/avif";
            if (brand.SequenceEqual("heic"u8)) return "image/heic";
            return "video/mp4";
        }
        if (head.StartsWith("8BPS"u8)) return "image/vnd.adobe.photoshop";
        if (head.StartsWith("PK\x03\x04"u8)) return "application/zip";
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".txt" => "text/plain",
            ".md" => "text/markdown",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };
    }
}
