using System.ComponentModel.DataAnnotations;

namespace CopyrightLedger.Web;

/// <summary>The <c>Ledger</c> configuration section (environment: <c>Ledger__DataDirectory</c>, ...).</summary>
public sealed class LedgerOptions : IValidatableObject
{
    public const string Section = "Ledger";

    /// <summary>Where the database, the blob store and the installation's keys live.</summary>
    [Required] public string DataDirectory { get; set; } = "data";

    /// <summary>Seed an empty installation with the sample cases in <see cref="SamplesDirectory"/>.</summary>
    public bool SeedSamples { get; set; } = true;

    /// <summary>Defaults to the <c>samples</c> folder shipped beside the binary.</summary>
    public string? SamplesDirectory { get; set; }

    public AdminOptions Admin { get; set; } = new();

    public TimestampingOptions Timestamping { get; set; } = new();

    public sealed class TimestampingOptions
    {
        /// <summary>An RFC 3161 time-stamping authority (<c>Ledger__Timestamping__Url</c>); none when empty.</summary>
        public string? Url { get; set; }

        /// <summary>The first wait before asking an unreachable authority again; it doubles each time, up to an hour.</summary>
        [Range(1, 3600)] public int RetrySeconds { get; set; } = 15;
    }

    /// <summary>How often every chain that grew gets a signed checkpoint.</summary>
    [Range(1, 24 * 60)] public int CheckpointMinutes { get; set; } = 60;

    /// <summary>How often the scheduler looks for chains due a checkpoint; a chain's first evidence is signed at the next look.</summary>
    [Range(1, 3600)] public int CheckpointPollSeconds { get; set; } = 60;

    /// <summary>Bounds on the work one input may cause (docs/SECURITY.md, "Bounded work per input").</summary>
    public LimitsOptions Limits { get; set; } = new();

    public sealed class LimitsOptions
    {
        /// <summary>Metadata one file may inflate, decode or reassemble, all readers together.</summary>
        [Range(64 << 10, 1L << 30)] public long MetadataBytesPerFile { get; set; } = 16L << 20;
        /// <summary>Metadata the files of one import may hold in memory together.</summary>
        [Range(64 << 10, 16L << 30)] public long MetadataBytesPerImport { get; set; } = 256L << 20;
        /// <summary>What one zip entry may expand to, counted while inflating (the header is not trusted).</summary>
        [Range(1, long.MaxValue)] public long ZipEntryBytes { get; set; } = 2L << 30;
        /// <summary>What all entries of one zip may expand to together.</summary>
        [Range(1, long.MaxValue)] public long ZipTotalBytes { get; set; } = 8L << 30;
        [Range(1, 10_000_000)] public int ZipEntries { get; set; } = 50_000;
        /// <summary>The largest expansion (expanded : compressed) of an entry that expands past <see cref="ZipRatioAboveBytes"/>.</summary>
        [Range(2, 100_000)] public int ZipRatio { get; set; } = 100;
        [Range(0, long.MaxValue)] public long ZipRatioAboveBytes { get; set; } = 1L << 20;
        /// <summary>Files and bytes one import (an upload batch, a folder, a zip's entries) may add.</summary>
        [Range(1, 10_000_000)] public int BatchFiles { get; set; } = 50_000;
        [Range(1, long.MaxValue)] public long BatchBytes { get; set; } = 8L << 30;
        /// <summary>Files and bytes one case may hold in all.</summary>
        [Range(1, 100_000_000)] public int CaseFiles { get; set; } = 1_000_000;
        [Range(1, long.MaxValue)] public long CaseBytes { get; set; } = 1L << 40;
    }

    /// <summary>Validates the nested sections too, so a bad limit stops the start with its name.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Limits, new ValidationContext(Limits), results, validateAllProperties: true);
        foreach (var r in results) yield return new ValidationResult($"Ledger:Limits: {r.ErrorMessage}", r.MemberNames.Select(m => $"Limits.{m}"));
        if (Limits.MetadataBytesPerImport < Limits.MetadataBytesPerFile)
            yield return new ValidationResult("Ledger:Limits: MetadataBytesPerImport must not be smaller than MetadataBytesPerFile", ["Limits.MetadataBytesPerImport"]);
        if (Limits.ZipTotalBytes < Limits.ZipEntryBytes)
            yield return new ValidationResult("Ledger:Limits: ZipTotalBytes must not be smaller than ZipEntryBytes", ["Limits.ZipTotalBytes"]);
    }

    public sealed class AdminOptions
    {
        public string Email { get; set; } = "admin@ledger.local";
        /// <summary>When empty on first start, a password is generated and printed once.</summary>
        public string? Password { get; set; }
    }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
    public string DatabasePath => Path.Combine(FullDataDirectory, "ledger.db");
    public string BlobDirectory => Path.Combine(FullDataDirectory, "blobs");
    public string FullSamplesDirectory => Path.GetFullPath(SamplesDirectory ?? Path.Combine(AppContext.BaseDirectory, "samples"));
}
