namespace CopyrightLedger.Core.Evidence;

/// <summary>One AI-assisted work whose authorship the case is about: an image, a video, a text.</summary>
public sealed class Work
{
    private Work() { Title = ""; ClaimedAuthors = ""; }

    public Work(Guid id, Guid caseId, string title, Medium medium, string claimedAuthors, DateTime createdAtUtc)
    {
        Id = id;
        CaseId = caseId;
        Title = RequireTitle(title);
        Medium = medium;
        ClaimedAuthors = claimedAuthors?.Trim() ?? "";
        CreatedAtUtc = UtcTime.Require(createdAtUtc);
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string Title { get; private set; }
    public Medium Medium { get; private set; }
    /// <summary>Who claims authorship, as they name themselves (comma-separated when several).</summary>
    public string ClaimedAuthors { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }

    public void Edit(string title, Medium medium, string claimedAuthors)
    {
        Title = RequireTitle(title);
        Medium = medium;
        ClaimedAuthors = claimedAuthors?.Trim() ?? "";
    }

    private static string RequireTitle(string title) =>
        string.IsNullOrWhiteSpace(title) ? throw new DomainException("A work needs a title.") : title.Trim();
}

public enum Medium { Image, Video, Text, Audio, Mixed }
