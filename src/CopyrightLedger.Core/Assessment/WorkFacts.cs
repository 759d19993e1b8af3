namespace CopyrightLedger.Core.Assessment;

/// <summary>What the ledger says about the record itself (factor F1).</summary>
public sealed record IntegrityFacts(bool ChainIntact, int Events, bool Checkpointed, bool Timestamped, int Items, int ItemsCapturedLate,
    int OriginalsWithGenerationMetadata);

/// <summary>Who acted, what came from outside, and what was disclosed (factors F8, F10, F11, F12).</summary>
/// <param name="OwnInputs">Files the creator made without AI and used in the work (sketches, photos, texts).</param>
/// <param name="OwnTexts">Of those, the texts (a script, a story): authored writing, not image material.</param>
public sealed record ProvenanceFacts(int OwnInputs, IReadOnlyList<string> ThirdPartyModels, int Actors, bool AiLabelKept, bool SignedAtPublication, int OwnTexts = 0);

/// <summary>Everything the assessment of one work reads: recorded evidence only, nothing inferred or typed in for the assessment.</summary>
public sealed record WorkFacts(
    string Title,
    IReadOnlyList<IterationFacts> Runs,
    GenerationTimes Generation,
    IReadOnlyList<NoteFacts> Notes,
    IReadOnlyList<SelectionFacts> Selections,
    IReadOnlyList<EditFacts> Edits,
    IntegrityFacts Integrity,
    ProvenanceFacts Provenance);

/// <summary>One factor's result: its score, what supports it, what weakens it, and why, in both languages.</summary>
public sealed record FactorResult(string Id, int Score, IReadOnlyList<string> Evidence, IReadOnlyList<string> CounterIndicators, Wording Explanation);
