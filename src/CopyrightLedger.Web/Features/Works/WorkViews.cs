using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;

namespace CopyrightLedger.Web.Features.Works;

public sealed record WorkSummary(Guid Id, string Title, Medium Medium, string ClaimedAuthors, int Iterations, int Artifacts, Guid? CoverArtifactId);

public sealed record ArtifactView(Guid Id, Guid? WorkId, Guid? IterationId, string Sha256, string MediaType, long SizeBytes,
    int? Width, int? Height, string OriginalFileName, ArtifactRole Role, DateTime CapturedAtUtc, SourceTime? ClaimedAt)
{
    public bool IsImage => MediaType.StartsWith("image/", StringComparison.Ordinal);
    public string Url => $"/blobs/{Id}";
    /// <summary>The file name for the screen, invisible controls made visible (docs/SECURITY.md).</summary>
    public string ShownFileName => Shared.VisibleText.Shown(OriginalFileName);

    public static ArtifactView Of(Artifact a) => new(a.Id, a.WorkId, a.IterationId, a.Sha256, a.MediaType, a.SizeBytes,
        a.Width, a.Height, a.OriginalFileName, a.Role, a.CapturedAtUtc, a.ClaimedAt);
}

public sealed record IterationView(Guid Id, int Sequence, string Generator, string? GeneratorVersion, string? ModelName,
    string? ModelHash, string Prompt, string NegativePrompt, string ParametersText, string? Seed, int? Steps, double? CfgScale,
    string? Sampler, string? Scheduler, int? Width, int? Height, double? Denoise, SourceTime? ClaimedAt, DateTime CapturedAtUtc,
    IReadOnlyList<(int Sequence, LinkKind Kind)> Parents, IReadOnlyList<ArtifactView> Outputs)
{
    public string Size => Width is { } w && Height is { } h ? $"{w}×{h}" : "";
}

public sealed record SelectionView(Guid Id, Guid ChosenArtifactId, IReadOnlyList<Guid> Candidates, string Rationale,
    string SelectedBy, DateTime SelectedAtUtc);

public sealed record EditView(Guid Id, ArtifactView From, ArtifactView To, string Tool, EditKind Kind, string Description,
    int? MinutesSpent, DateTime CapturedAtUtc);

public sealed record NoteView(Guid Id, Guid? WorkId, NoteKind Kind, string Markdown, string Author, SourceTime WrittenAt, DateTime CapturedAtUtc);

public sealed record WorkDetail(Guid Id, Guid CaseId, string CaseTitle, string Title, Medium Medium, string ClaimedAuthors,
    CaseRole MyRole, IReadOnlyList<IterationView> Iterations, IReadOnlyList<ArtifactView> Artifacts,
    IReadOnlyList<SelectionView> Selections, IReadOnlyList<EditView> Edits, IReadOnlyList<NoteView> Notes)
{
    public bool CanEdit => MyRole != CaseRole.Reviewer;
    public bool IsChosen(Guid artifactId) => Selections.Any(s => s.ChosenArtifactId == artifactId);
}

/// <summary>One generation run on a case's timeline.</summary>
public sealed record TimelineEntry(Guid IterationId, Guid WorkId, string WorkTitle, int Sequence, string Generator,
    string Prompt, SourceTime? ClaimedAt, DateTime CapturedAtUtc, IReadOnlyList<Guid> Thumbnails, IReadOnlyList<Guid> Chosen)
{
    /// <summary>Where the run sits in time: the time the source claims, else when it was captured.</summary>
    public DateTime SortTimeUtc => ClaimedAt?.Utc ?? CapturedAtUtc;
}
