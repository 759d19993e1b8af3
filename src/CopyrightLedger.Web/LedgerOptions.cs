using System.ComponentModel.DataAnnotations;

namespace CopyrightLedger.Web;

/// <summary>The <c>Ledger</c> configuration section (environment: <c>Ledger__DataDirectory</c>, ...).</summary>
public sealed class LedgerOptions
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
