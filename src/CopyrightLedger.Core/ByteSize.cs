using System.Globalization;

namespace CopyrightLedger.Core;

/// <summary>How the app writes a byte size, for a file and for a limit alike: "1023 B", "1.5 KiB", "16 MiB", "3 GiB".</summary>
public static class ByteSize
{
    public static string Text(long bytes) => bytes switch
    {
        < 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.#} GiB"),
    };
}
