namespace CopyrightLedger.Core.Evidence;

/// <summary>A written record in Markdown: a brief before generating, a rationale, a statement, a memo.</summary>
public sealed class Note
{
    private readonly List<NoteArtifact> _files = [];

    private Note() { Markdown = ""; Author = ""; }

    public Note(Guid id, Guid caseId, Guid? workId, NoteKind kind, string markdown, string author,
        SourceTime writtenAt, DateTime capturedAtUtc)
    {
        if (string.IsNullOrWhiteSpace(markdown)) throw new DomainException("A note needs some text.");
        Id = id;
        CaseId = caseId;
        WorkId = workId;
        Kind = kind;
        Markdown = markdown;
        Author = author?.Trim() ?? "";
        WrittenAtUtc = UtcTime.Require(writtenAt.Utc);
        WrittenOffsetMinutes = writtenAt.OffsetMinutes;
        CapturedAtUtc = UtcTime.Require(capturedAtUtc);
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid? WorkId { get; private set; }
    public NoteKind Kind { get; private set; }
    public string Markdown { get; private set; }
    public string Author { get; private set; }
    /// <summary>When the author says it was written (front matter or form), with their offset.</summary>
    public DateTime WrittenAtUtc { get; private set; }
    public int? WrittenOffsetMinutes { get; private set; }
    /// <summary>When this installation first held it. A brief only counts as prior conception if captured early.</summary>
    public DateTime CapturedAtUtc { get; private set; }

    public SourceTime WrittenAt => new(WrittenAtUtc, WrittenOffsetMinutes);

    /// <summary>The files the note is about (a case folder note's <c>files</c>): a selection note on the chosen file gives its reason.</summary>
    public IReadOnlyList<NoteArtifact> Files => _files;

    public void LinkFile(Guid artifactId)
    {
        if (_files.All(f => f.ArtifactId != artifactId)) _files.Add(new NoteArtifact(Id, artifactId));
    }

    public void Revise(NoteKind kind, string markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) throw new DomainException("A note needs some text.");
        Kind = kind;
        Markdown = markdown;
    }
}

/// <summary>A file a note is about.</summary>
public sealed class NoteArtifact
{
    private NoteArtifact() { }

    internal NoteArtifact(Guid noteId, Guid artifactId)
    {
        NoteId = noteId;
        ArtifactId = artifactId;
    }

    public Guid NoteId { get; private set; }
    public Guid ArtifactId { get; private set; }
}

/// <summary>What a note is. <see cref="Publication"/> records where and when the work was first published (its time is the publication's).</summary>
public enum NoteKind { Brief, Rationale, Selection, Statement, Memo, Publication }
