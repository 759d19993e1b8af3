using System.Text.RegularExpressions;

namespace CopyrightLedger.Core.Tests.Repository;

/// <summary>
/// The project speaks of itself only: a comment that cites one of the project's documents names it by its path in
/// this repository, and the path exists. Citations of other projects' files (c2pa-rs <c>bmff_io.rs</c>) are
/// theirs to name.
/// </summary>
public sealed partial class CitationTests
{
    [GeneratedRegex(@"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.md)\b")]
    private static partial Regex MarkdownName();

    /// <summary>How a document is named (SECURITY.md), as opposed to a note file in a case folder (brief.md).</summary>
    [GeneratedRegex(@"\A[A-Z][A-Z0-9-]*\.md\z")]
    private static partial Regex DocumentName();

    /// <summary>The bundle's own guide, a file inside every exported bundle, not a document of this repository.</summary>
    private static readonly HashSet<string> BundleFiles = ["VERIFY.md"];

    [Fact]
    public void Every_document_the_code_cites_is_in_the_repository_under_the_path_it_gives()
    {
        var docs = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                foreach (Match m in MarkdownName().Matches(lines[i]))
                {
                    var cited = m.Groups[1].Value;
                    if (BundleFiles.Contains(cited)) continue;
                    var where = $"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: {cited}";
                    if (cited.Contains('/'))
                    {
                        // A repository path must exist; one that is not ours (a tool's docs/…) names its project before it.
                        var ours = cited.StartsWith("docs/", StringComparison.Ordinal) || cited.StartsWith("bench/", StringComparison.Ordinal);
                        if (ours && !File.Exists(Path.Combine(RepoPaths.Root, cited))) problems.Add(where + " does not exist");
                    }
                    else if (docs.Contains(cited)) problems.Add(where + " should be cited as docs/" + cited);
                    else if (DocumentName().IsMatch(cited)) problems.Add(where + " is no document of this repository"); // FORMATS.md, from outside it

                }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests" }.SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "CitationTests.cs") // its own examples
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
}
