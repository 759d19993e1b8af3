using System.Text.Json;
using System.Text.Json.Serialization;

namespace CopyrightLedger.Core.CaseFolders;

/// <summary>
/// <c>case.json</c> of a case folder (see docs/CASE-FOLDER.md): what the files alone cannot say — the case's title
/// and profile, the work, which file was selected and why, and which file is a human edit of which.
/// </summary>
public sealed record CaseManifest
{
    public required string Title { get; init; }
    public string Jurisdiction { get; init; } = Cases.JurisdictionProfile.Default;
    public string? Creator { get; init; }
    public string? Description { get; init; }
    public WorkEntry? Work { get; init; }
    public IReadOnlyList<SelectionEntry> Selections { get; init; } = [];
    public IReadOnlyList<EditEntry> Edits { get; init; } = [];
    /// <summary>Files that are the finished work as published or filed.</summary>
    public IReadOnlyList<string> Finals { get; init; } = [];
    /// <summary>Files the creator made without AI and brought into the work: a sketch, a photo, a script.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    public sealed record WorkEntry(string Title, string Medium = "image", string? ClaimedAuthors = null);
    public sealed record SelectionEntry(string File, string? Rationale, IReadOnlyList<string>? Candidates = null);
    public sealed record EditEntry(string From, string To, string? Tool, string Kind, string? Description, int? Minutes = null);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>Parses and checks a manifest; every problem comes back as a <see cref="DomainException"/> naming it.</summary>
    public static CaseManifest Parse(string json)
    {
        CaseManifest? m;
        try { m = JsonSerializer.Deserialize<CaseManifest>(json, Json); }
        catch (JsonException e) { throw new DomainException($"case.json: {e.Message}"); }
        if (m is null || string.IsNullOrWhiteSpace(m.Title)) throw new DomainException("case.json: 'title' is required.");
        Cases.JurisdictionProfile.Require(m.Jurisdiction);
        foreach (var e in m.Edits)
            if (!Enum.TryParse<Evidence.EditKind>(e.Kind.Replace("-", ""), ignoreCase: true, out _))
                throw new DomainException($"case.json: edit kind '{e.Kind}' is not one of {string.Join(", ", Enum.GetNames<Evidence.EditKind>())}.");
        if (m.Work is { } w && !Enum.TryParse<Evidence.Medium>(w.Medium, ignoreCase: true, out _))
            throw new DomainException($"case.json: medium '{w.Medium}' is not one of {string.Join(", ", Enum.GetNames<Evidence.Medium>())}.");
        return m;
    }

    public static Evidence.EditKind ParseEditKind(string kind) => Enum.Parse<Evidence.EditKind>(kind.Replace("-", ""), ignoreCase: true);
    public static Evidence.Medium ParseMedium(string medium) => Enum.Parse<Evidence.Medium>(medium, ignoreCase: true);
}
