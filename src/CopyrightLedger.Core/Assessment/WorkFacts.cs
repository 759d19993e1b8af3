namespace CopyrightLedger.Core.Assessment;

/// <summary>What the ledger says about the record itself (factor F1).</summary>
public sealed record IntegrityFacts(bool ChainIntact, int Events, bool Checkpointed, bool Timestamped, int Items, int ItemsCapturedLate,
    int OriginalsWithGenerationMetadata);

/// <summary>Who acted, what came from outside, and what was disclosed (factors F8, F10, F11, F12).</summary>
/// <param name="OwnInputs">Files the creator made without AI and used in the work (sketches, photos, texts).</param>
/// <param name="OwnTexts">Of those, the texts (a script, a story): authored writing, not image material.</param>
public sealed record ProvenanceFacts(int OwnInputs, int Actors, bool AiLabelKept, bool SignedAtPublication, int OwnTexts = 0);

/// <summary>
/// The final work compared with the reference images recorded in the case (prior works, the other side's images) by
/// perceptual hash: how many were compared and the smallest Hamming distance found, of 64 bits.
/// </summary>
public sealed record SimilarityFacts(int Compared, int? Closest)
{
    /// <summary>At or below this many differing bits, two images look alike (the same picture resized, recompressed or lightly edited).</summary>
    public const int CloseBelow = 10;
    public static readonly SimilarityFacts None = new(0, null);
}

/// <summary>Everything the assessment of one work reads: recorded evidence only, nothing inferred or typed in for the assessment.</summary>
public sealed record WorkFacts(
    string Title,
    IReadOnlyList<IterationFacts> Runs,
    GenerationTimes Generation,
    IReadOnlyList<NoteFacts> Notes,
    IReadOnlyList<SelectionFacts> Selections,
    IReadOnlyList<EditFacts> Edits,
    IntegrityFacts Integrity,
    ProvenanceFacts Provenance,
    SimilarityFacts? Compared = null)
{
    public SimilarityFacts Similarity => Compared ?? SimilarityFacts.None;
}

/// <summary>One factor's result: its score, what supports it, what weakens it, and why, in both languages.</summary>
public sealed record FactorResult(string Id, int Score, IReadOnlyList<EvidenceLine> Evidence, IReadOnlyList<EvidenceLine> CounterIndicators, Wording Explanation);

/// <summary>One line of evidence or counter-indication, in both languages, with the part of the record that shows it.</summary>
public sealed record EvidenceLine(Wording Text, string? Section = null)
{
    public const string Runs = "runs", Selection = "selection", Edits = "edits", Notes = "notes", Files = "files", Integrity = "integrity";

    public string En => Text.En;
    public override string ToString() => Text.En;
}
