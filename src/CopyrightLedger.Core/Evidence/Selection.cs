namespace CopyrightLedger.Core.Evidence;

/// <summary>The human choice of one artifact among candidates, with the reason given for it.</summary>
public sealed class Selection
{
    private readonly List<SelectionCandidate> _candidates = [];

    private Selection() { Rationale = ""; SelectedBy = ""; }

    public Selection(Guid id, Guid workId, Guid chosenArtifactId, IEnumerable<Guid> candidateArtifactIds,
        string rationale, string selectedBy, DateTime selectedAtUtc)
    {
        var candidates = candidateArtifactIds.Distinct().ToList();
        if (!candidates.Contains(chosenArtifactId)) candidates.Insert(0, chosenArtifactId);
        Id = id;
        WorkId = workId;
        ChosenArtifactId = chosenArtifactId;
        Rationale = rationale?.Trim() ?? "";
        SelectedBy = selectedBy ?? "";
        SelectedAtUtc = UtcTime.Require(selectedAtUtc);
        _candidates.AddRange(candidates.Select(c => new SelectionCandidate(id, c)));
    }

    public Guid Id { get; private set; }
    public Guid WorkId { get; private set; }
    public Guid ChosenArtifactId { get; private set; }
    public string Rationale { get; private set; }
    public string SelectedBy { get; private set; }
    public DateTime SelectedAtUtc { get; private set; }
    /// <summary>Every artifact that was in the running, the chosen one included; the rejects are evidence too.</summary>
    public IReadOnlyList<SelectionCandidate> Candidates => _candidates;

    public IEnumerable<Guid> Rejected => _candidates.Select(c => c.ArtifactId).Where(a => a != ChosenArtifactId);

    public void Explain(string rationale) => Rationale = rationale?.Trim() ?? "";
}

public sealed class SelectionCandidate
{
    private SelectionCandidate() { }

    internal SelectionCandidate(Guid selectionId, Guid artifactId)
    {
        SelectionId = selectionId;
        ArtifactId = artifactId;
    }

    public Guid SelectionId { get; private set; }
    public Guid ArtifactId { get; private set; }
}
