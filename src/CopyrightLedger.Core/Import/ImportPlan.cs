using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Import;

/// <summary>
/// One file offered for import: its path inside the import (with '/'), what it says about itself, and hashes of its
/// decoded pixels where the pixels could be decoded (A1111 and SD.Next name an img2img input by such a hash).
/// </summary>
public sealed record ImportFile(string Path, FileMetadata Metadata, PixelFacts? Pixels = null)
{
    public string Name => System.IO.Path.GetFileName(Path);
}

/// <summary>One generation run: its outputs (indexes into <see cref="ImportPlan.Files"/>) and what it was made from.</summary>
public sealed record PlannedIteration(GenerationInfo Generation, IReadOnlyList<int> Outputs, IReadOnlyList<PlannedInput> Inputs, string? ClaimedTime);

/// <summary>An input file of a run, found through the metadata's own reference to it.</summary>
public sealed record PlannedInput(int File, LinkKind Kind, string Evidence);

/// <summary>A file that says it was derived from another (XMP <c>xmpMM:DerivedFrom</c>): a human edit whose kind the file does not state.</summary>
public sealed record PlannedEdit(int From, int To, string? Tool, string? When, string Evidence);

/// <summary>What an import will record, decided before anything is written; a person can read it as a report.</summary>
public sealed record ImportPlan(
    IReadOnlyList<ImportFile> Files,
    IReadOnlyList<(string Path, int SameAs)> Duplicates,
    IReadOnlyList<PlannedIteration> Iterations,
    IReadOnlyList<PlannedEdit> Edits,
    IReadOnlyList<string> Flags);
