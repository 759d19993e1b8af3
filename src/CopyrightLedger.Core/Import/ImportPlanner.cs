using System.Globalization;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Import;

/// <summary>
/// Turns a folder's files into iterations, candidates and lineage, using only what the files say:
/// <list type="bullet">
/// <item>identical bytes are one file (the first path wins; the others are listed as duplicates);</item>
/// <item>consecutive outputs whose generation records agree except for the seed, with seeds that follow each other
/// (A1111 writes seed, seed+1, ... for a batch; ComfyUI repeats the seed), are one run's candidates; the same
/// settings with an unrelated seed are a re-roll, a new run; a hosted service's images that share its job id
/// (a Midjourney grid) are one run;</item>
/// <item>a run's input is linked when its metadata names a file of the import: by file name (ComfyUI
/// <c>LoadImage</c>, InvokeAI), or by A1111's <c>Init image hash</c> (MD5 of the decoded pixels, also the name
/// A1111 saves the init image under) or SD.Next's (first 8 hex digits of their SHA-256);</item>
/// <item>an img2img or inpaint run whose input is not found stays unlinked and is flagged; nothing is guessed.</item>
/// </list>
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(IEnumerable<ImportFile> offered)
    {
        var files = new List<ImportFile>();
        var duplicates = new List<(string, int)>();
        var bySha = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in offered.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            // A damaged file has its hash too (only one that could not be opened has none): identical bytes are one file.
            if (f.Metadata.Sha256.Length > 0 && bySha.TryGetValue(f.Metadata.Sha256, out var first)) { duplicates.Add((f.Path, first)); continue; }
            if (f.Metadata.Sha256.Length > 0) bySha[f.Metadata.Sha256] = files.Count;
            files.Add(f);
        }

        var flags = new List<string>();
        var iterations = Group(files);
        var linked = iterations.Select(it => it with { Inputs = FindInputs(it, files, flags) }).ToList();
        var edits = FindEdits(files);
        foreach (var f in files.Where(f => f.Metadata.Damage is not null)) flags.Add($"{f.Path}: damaged: {f.Metadata.Damage}; kept byte for byte.");
        return new ImportPlan(files, duplicates, linked, edits, flags);
    }

    private static List<PlannedIteration> Group(List<ImportFile> files)
    {
        var result = new List<PlannedIteration>();
        string? lastKey = null;
        ulong? lastSeed = null;
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Metadata.Generation is not { } g) { lastKey = null; continue; }
            var key = BatchKey(g);
            ulong? seed = ulong.TryParse(g.Seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            var sameBatch = key == lastKey && ((seed is not null && lastSeed is not null
                            && (seed == lastSeed + 1 || (seed == lastSeed && g.Generator == "comfyui")))
                            || (g.JobId is not null && g.JobId == result[^1].Generation.JobId));
            if (sameBatch)
            {
                var last = result[^1];
                result[^1] = last with { Outputs = [.. last.Outputs, i], ClaimedTime = Earliest(last.ClaimedTime, files[i].Metadata.ClaimedTime) };
            }
            else result.Add(new PlannedIteration(g, [i], [], files[i].Metadata.ClaimedTime));
            lastKey = key;
            lastSeed = seed;
        }
        return result;
    }

    /// <summary>Everything that defines a run except what varies inside a batch (seed, batch position).</summary>
    private static string BatchKey(GenerationInfo g) =>
        string.Join('\u0000', new[] { g.Generator, g.Prompt, g.NegativePrompt, g.Model }
            .Concat(g.Parameters.Where(p => !IsBatchVarying(p.Key)).Select(p => p.Key + "=" + p.Value)));

    private static bool IsBatchVarying(string key) =>
        key.EndsWith("seed", StringComparison.OrdinalIgnoreCase) || key is "Batch pos" || key.EndsWith(".batch_index", StringComparison.Ordinal);

    private static string? Earliest(string? a, string? b) => a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;

    private static List<PlannedInput> FindInputs(PlannedIteration it, List<ImportFile> files, List<string> flags)
    {
        var g = it.Generation;
        var kind = g.Mode switch { "inpaint" => LinkKind.Inpaint, "outpaint" => LinkKind.Outpaint, "upscale" => LinkKind.Upscale, _ => LinkKind.Img2Img };
        var inputs = new List<PlannedInput>();
        foreach (var reference in g.InputImages)
        {
            var match = Match(reference, files);
            if (match is { } m && !it.Outputs.Contains(m.File)) inputs.Add(new PlannedInput(m.File, kind, m.Evidence));
            else flags.Add($"{files[it.Outputs[0]].Path}: made from '{reference}', which is not among the imported files; left unlinked.");
        }
        if (inputs.Count == 0 && g.InputImages.Count == 0 && g.Mode is "img2img" or "inpaint" or "outpaint")
            flags.Add($"{files[it.Outputs[0]].Path}: an {g.Mode} run that does not name its input; left unlinked.");
        return inputs;
    }

    /// <summary>True when some file names an input by a hash of its pixels (A1111, SD.Next), which only decoding can match.</summary>
    public static bool NeedsPixelHashes(IEnumerable<FileMetadata> files) =>
        files.Any(f => f.Generation?.InputImages.Any(IsHexHash) == true);

    private static bool IsHexHash(string s) => s.Length is >= 8 and <= 64 && s.All(char.IsAsciiHexDigit);

    private static (int File, string Evidence)? Match(string reference, List<ImportFile> files)
    {
        var name = reference.EndsWith(" [input]", StringComparison.Ordinal) ? reference[..^8] : reference;
        var lower = name.ToLowerInvariant();
        for (var i = 0; i < files.Count; i++)
        {
            var f = files[i];
            if (f.Path == name || f.Name == Path.GetFileName(name)) return (i, $"named '{reference}' in the metadata");
            if (Path.GetFileNameWithoutExtension(f.Name).Equals(lower, StringComparison.OrdinalIgnoreCase) && lower.Length >= 8)
                return (i, $"saved under the init image hash '{reference}'");
            if (lower.Length >= 8 && f.Pixels is { } px && (px.Md5Rgb == lower || px.Md5Rgba == lower || px.Sha256Rgb?.StartsWith(lower, StringComparison.Ordinal) == true))
                return (i, $"its pixels hash to the init image hash '{reference}'");
        }
        return null;
    }

    private static List<PlannedEdit> FindEdits(List<ImportFile> files)
    {
        var edits = new List<PlannedEdit>();
        for (var to = 0; to < files.Count; to++)
        {
            if (files[to].Metadata.Xmp is not { } x || (x.DerivedFromInstanceId ?? x.DerivedFromDocumentId) is null) continue;
            var from = files.FindIndex(f => f.Metadata.Xmp is { } fx && fx != x &&
                ((x.DerivedFromInstanceId is { } iid && fx.InstanceId == iid) || (x.DerivedFromDocumentId is { } did && fx.DocumentId == did)));
            if (from < 0 || from == to) continue;
            var lastSave = x.History.LastOrDefault(e => e.Action == "saved" && e.Changed == "/");
            edits.Add(new PlannedEdit(from, to, x.CreatorTool ?? lastSave?.SoftwareAgent, lastSave?.When ?? x.ModifyDate, "xmpMM:DerivedFrom"));
        }
        return edits;
    }
}
