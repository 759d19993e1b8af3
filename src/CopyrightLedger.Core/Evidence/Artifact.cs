using CopyrightLedger.Core.Hashing;

namespace CopyrightLedger.Core.Evidence;

/// <summary>
/// A file kept as evidence. Its bytes live in the content-addressed blob store under their SHA-256 and are never
/// re-encoded; this record says what the file is and what part it plays.
/// </summary>
public sealed class Artifact
{
    private readonly List<MetadataChunk> _chunks = [];

    private Artifact() { Sha256 = ""; MediaType = ""; OriginalFileName = ""; }

    public Artifact(Guid id, Guid caseId, Guid? workId, Sha256Hex sha256, string mediaType, long sizeBytes,
        string originalFileName, ArtifactRole role, DateTime capturedAtUtc)
    {
        if (sizeBytes < 0) throw new DomainException("A file cannot have a negative size.");
        Id = id;
        CaseId = caseId;
        WorkId = workId;
        Sha256 = sha256.Value;
        MediaType = string.IsNullOrWhiteSpace(mediaType) ? "application/octet-stream" : mediaType;
        SizeBytes = sizeBytes;
        OriginalFileName = Path.GetFileName(originalFileName ?? "");
        Role = role;
        CapturedAtUtc = UtcTime.Require(capturedAtUtc);
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid? WorkId { get; private set; }
    /// <summary>The iteration (generation run) this file is an output of, when it is one.</summary>
    public Guid? IterationId { get; private set; }
    public string Sha256 { get; private set; }
    public string MediaType { get; private set; }
    public long SizeBytes { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public string OriginalFileName { get; private set; }
    public ArtifactRole Role { get; private set; }
    /// <summary>When this installation received the bytes.</summary>
    public DateTime CapturedAtUtc { get; private set; }
    /// <summary>When the file says it was made (e.g. PNG tIME, XMP CreateDate), if it says.</summary>
    public DateTime? ClaimedAtUtc { get; private set; }
    public int? ClaimedOffsetMinutes { get; private set; }
    /// <summary>64-bit DCT perceptual hash of the decoded pixels, as 16 hex digits, where the pixels could be decoded.</summary>
    public string? PerceptualHash { get; private set; }
    /// <summary>The raw metadata chunks as found in the file, each with its own hash.</summary>
    public IReadOnlyList<MetadataChunk> Chunks => _chunks;

    public SourceTime? ClaimedAt => ClaimedAtUtc is { } utc ? new SourceTime(utc, ClaimedOffsetMinutes) : null;

    public void SetDimensions(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new DomainException("Dimensions are positive.");
        Width = width;
        Height = height;
    }

    public void SetClaimedTime(SourceTime? time)
    {
        ClaimedAtUtc = time?.Utc;
        ClaimedOffsetMinutes = time?.OffsetMinutes;
    }

    public void AssignTo(Guid? workId, Guid? iterationId)
    {
        WorkId = workId;
        IterationId = iterationId;
    }

    public void ChangeRole(ArtifactRole role) => Role = role;

    public void SetPerceptualHash(ulong hash) => PerceptualHash = hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public void KeepChunk(string container, string key, byte[] data) =>
        _chunks.Add(new MetadataChunk(Id, _chunks.Count, container, key, data));
}

public enum ArtifactRole { Output, Input, Edited, Reference, Final, InfringingCopy }

/// <summary>A metadata chunk exactly as it stood in the file (e.g. a PNG <c>tEXt</c> chunk's data).</summary>
public sealed class MetadataChunk
{
    private MetadataChunk() { Container = ""; Key = ""; Sha256 = ""; Data = []; }

    internal MetadataChunk(Guid artifactId, int ordinal, string container, string key, byte[] data)
    {
        ArtifactId = artifactId;
        Ordinal = ordinal;
        Container = container;
        Key = key;
        Data = data;
        Sha256 = Sha256Hex.Of(data).Value;
    }

    public Guid ArtifactId { get; private set; }
    public int Ordinal { get; private set; }
    /// <summary>Where it came from: <c>png:tEXt</c>, <c>png:iTXt</c>, <c>png:zTXt</c>, <c>exif</c>, ...</summary>
    public string Container { get; private set; }
    /// <summary>The keyword or tag, e.g. <c>parameters</c>.</summary>
    public string Key { get; private set; }
    public string Sha256 { get; private set; }
    public byte[] Data { get; private set; }
}
