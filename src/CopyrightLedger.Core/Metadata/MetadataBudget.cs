namespace CopyrightLedger.Core.Metadata;

/// <summary>Thrown when a file's metadata would exceed its <see cref="MetadataBudget"/>; the message names the limit.</summary>
public sealed class MetadataBudgetException(string message) : Exception(message);

/// <summary>
/// How many bytes of metadata one file may inflate, decode or reassemble (zTXt/iTXt text, XMP, EXIF, comments,
/// C2PA/JUMBF stores), all together, and optionally how many a whole import may hold in memory at once
/// (docs/SECURITY.md, "Bounded work per input"). Readers charge before they allocate and while they inflate, so
/// reading stops at the limit, never after it. Thread-safe: the files of one import share one batch.
/// </summary>
public sealed class MetadataBudget
{
    public const long DefaultPerFile = 16L << 20;
    public const long DefaultPerBatch = 256L << 20;

    private readonly Batch? _batch;
    private long _spent;

    private MetadataBudget(long perFile, Batch? batch) => (PerFile, _batch) = (perFile, batch);

    public long PerFile { get; }
    /// <summary>Bytes this file has charged so far.</summary>
    public long Spent => Interlocked.Read(ref _spent);

    /// <summary>A budget for one file read on its own.</summary>
    public static MetadataBudget ForOneFile(long perFile = DefaultPerFile) => new(perFile, null);

    /// <summary>Charges <paramref name="bytes"/> for <paramref name="what"/>; throws once the file or the batch is over its limit.</summary>
    public void Charge(long bytes, string what)
    {
        if (bytes <= 0) return;
        if (Interlocked.Add(ref _spent, bytes) > PerFile)
            throw new MetadataBudgetException($"{what} takes the file's metadata past the limit of {ByteSize.Text(PerFile)} per file");
        if (_batch is { } b && Interlocked.Add(ref b.Spent, bytes) > b.Limit)
            throw new MetadataBudgetException($"{what} takes the import's metadata past the limit of {ByteSize.Text(b.Limit)} per import; import the rest in another batch");
    }

    /// <summary>Gives back what this file charged (its metadata was dropped, so it no longer holds the memory).</summary>
    public void Refund()
    {
        var spent = Interlocked.Exchange(ref _spent, 0);
        if (_batch is { } b) Interlocked.Add(ref b.Spent, -spent);
    }

    /// <summary>The budget the files of one import share.</summary>
    public sealed class Batch(long limit, long perFile = DefaultPerFile)
    {
        internal long Spent;
        public long Limit { get; } = limit;
        public long PerFile { get; } = perFile;
        public long SpentBytes => Interlocked.Read(ref Spent);
        public MetadataBudget ForFile() => new(PerFile, this);
    }
}
