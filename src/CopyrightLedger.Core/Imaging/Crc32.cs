namespace CopyrightLedger.Core.Imaging;

/// <summary>
/// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320), over the chunk type then its data.
/// Computed by System.IO.Hashing, which is vectorised: checking every chunk of every imported file is on the hot path.
/// </summary>
public static class Crc32
{
    public static uint Of(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}
