using System.Globalization;

namespace CopyrightLedger.Core.Evidence;

/// <summary>
/// One generation run: what tool and model ran, with which prompt and parameters, from which parents and inputs.
/// Every parameter is kept verbatim; the common ones are also typed so they can be compared across runs.
/// </summary>
public sealed class Iteration
{
    private readonly List<IterationLink> _parents = [];
    private readonly List<IterationInput> _inputs = [];

    private Iteration() { Generator = ""; Prompt = ""; NegativePrompt = ""; ParametersText = ""; }

    public Iteration(Guid id, Guid workId, int sequence, string generator, string prompt, DateTime capturedAtUtc)
    {
        Id = id;
        WorkId = workId;
        Sequence = sequence;
        Generator = string.IsNullOrWhiteSpace(generator) ? "unknown" : generator.Trim();
        Prompt = prompt ?? "";
        NegativePrompt = "";
        ParametersText = "";
        CapturedAtUtc = UtcTime.Require(capturedAtUtc);
    }

    public Guid Id { get; private set; }
    public Guid WorkId { get; private set; }
    /// <summary>Order within the work, from 1.</summary>
    public int Sequence { get; private set; }
    public string Generator { get; private set; }
    public string? GeneratorVersion { get; private set; }
    public string? ModelName { get; private set; }
    public string? ModelHash { get; private set; }
    public string Prompt { get; private set; }
    public string NegativePrompt { get; private set; }
    /// <summary>All parameters exactly as the source wrote them (e.g. A1111's last infotext line).</summary>
    public string ParametersText { get; private set; }
    /// <summary>A decimal string: seeds reach 2^64−1, beyond <see cref="long"/>.</summary>
    public string? Seed { get; private set; }
    public int? Steps { get; private set; }
    public double? CfgScale { get; private set; }
    public string? Sampler { get; private set; }
    public string? Scheduler { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    /// <summary>img2img / inpaint denoising strength, 0..1.</summary>
    public double? Denoise { get; private set; }
    public DateTime? ClaimedAtUtc { get; private set; }
    public int? ClaimedOffsetMinutes { get; private set; }
    public DateTime CapturedAtUtc { get; private set; }
    public IReadOnlyList<IterationLink> Parents => _parents;
    public IReadOnlyList<IterationInput> Inputs => _inputs;

    public SourceTime? ClaimedAt => ClaimedAtUtc is { } utc ? new SourceTime(utc, ClaimedOffsetMinutes) : null;

    public void Describe(string prompt, string? negativePrompt, string? parametersText)
    {
        Prompt = prompt ?? "";
        NegativePrompt = negativePrompt ?? "";
        ParametersText = parametersText ?? "";
    }

    public void SetTool(string generator, string? version, string? modelName, string? modelHash)
    {
        Generator = string.IsNullOrWhiteSpace(generator) ? "unknown" : generator.Trim();
        GeneratorVersion = Blank(version);
        ModelName = Blank(modelName);
        ModelHash = Blank(modelHash);
    }

    public void SetParameters(GenerationSettings s)
    {
        if (s.Seed is { } seed && !IsSeed(seed)) throw new DomainException($"Seed '{seed}' is not a whole number from 0 to 18446744073709551615.");
        if (s.Steps is < 0) throw new DomainException("Steps cannot be negative.");
        if (s.Width is <= 0 || s.Height is <= 0) throw new DomainException("Width and height are positive.");
        if (s.Denoise is < 0 or > 1) throw new DomainException("Denoising strength lies between 0 and 1.");
        Seed = Blank(s.Seed);
        Steps = s.Steps;
        CfgScale = s.CfgScale;
        Sampler = Blank(s.Sampler);
        Scheduler = Blank(s.Scheduler);
        Width = s.Width;
        Height = s.Height;
        Denoise = s.Denoise;
    }

    public void SetClaimedTime(SourceTime? time)
    {
        ClaimedAtUtc = time?.Utc;
        ClaimedOffsetMinutes = time?.OffsetMinutes;
    }

    public void DeriveFrom(Guid parentIterationId, LinkKind kind)
    {
        if (parentIterationId == Id) throw new DomainException("An iteration cannot be its own parent.");
        if (_parents.Any(p => p.ParentIterationId == parentIterationId)) return;
        _parents.Add(new IterationLink(Id, parentIterationId, kind));
    }

    public void UseInput(Guid artifactId, LinkKind kind)
    {
        if (_inputs.Any(i => i.ArtifactId == artifactId)) return;
        _inputs.Add(new IterationInput(Id, artifactId, kind));
    }

    /// <summary>
    /// A hosted service's job id as the file states it (Midjourney's "Job ID"): how the service's own history finds the
    /// run. Its own column, set by the importer only: a line typed into the parameters is text, not a job id.
    /// </summary>
    public string? JobId { get; private set; }

    public void RecordJob(string? jobId) => JobId = Blank(jobId);

    /// <summary>
    /// A hosted service's own <c>--</c> parameters (Midjourney's <c>--stylize</c>, <c>--chaos</c>, <c>--ar</c>, <c>--v</c>), kept one per
    /// line in <see cref="ParametersText"/>; not its negative prompt (<c>--no</c>), account, or the job id line imports before
    /// the JobId column added to the text. Empty for other generators.
    /// </summary>
    public IReadOnlyDictionary<string, string> HostedOptions => Generator != "midjourney" ? new Dictionary<string, string>()
        : ParametersText.Split('\n').Select(l => l.Split(": ", 2)).Where(p => p.Length == 2 && p[0] is not ("no" or "author" or "Job ID"))
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    /// <summary>True for a decimal integer in 0..2^64−1, written without sign, spaces or leading zeros.</summary>
    public static bool IsSeed(string text) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
        && v.ToString(CultureInfo.InvariantCulture) == text;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The typed common parameters of a generation run; anything else stays in the verbatim text.</summary>
public sealed record GenerationSettings(
    string? Seed = null, int? Steps = null, double? CfgScale = null, string? Sampler = null, string? Scheduler = null,
    int? Width = null, int? Height = null, double? Denoise = null);

/// <summary>How a run relates to what it was made from.</summary>
public enum LinkKind { Img2Img, Inpaint, Outpaint, Variation, Upscale, Reference, ControlNet, Other }

public sealed class IterationLink
{
    private IterationLink() { }

    internal IterationLink(Guid iterationId, Guid parentIterationId, LinkKind kind)
    {
        IterationId = iterationId;
        ParentIterationId = parentIterationId;
        Kind = kind;
    }

    public Guid IterationId { get; private set; }
    public Guid ParentIterationId { get; private set; }
    public LinkKind Kind { get; private set; }
}

public sealed class IterationInput
{
    private IterationInput() { }

    internal IterationInput(Guid iterationId, Guid artifactId, LinkKind kind)
    {
        IterationId = iterationId;
        ArtifactId = artifactId;
        Kind = kind;
    }

    public Guid IterationId { get; private set; }
    public Guid ArtifactId { get; private set; }
    public LinkKind Kind { get; private set; }
}
