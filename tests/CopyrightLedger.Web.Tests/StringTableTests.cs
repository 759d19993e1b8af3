using System.Text.RegularExpressions;
using System.Xml.Linq;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Jobs;

namespace CopyrightLedger.Web.Tests;

/// <summary>The UI's strings have one source, the .resx files (docs/decisions/0012-resx-is-the-string-table.md), and it does not drift.</summary>
public sealed class StringTableTests
{
    private static readonly string Resources = Path.Combine(Repo.Root, "src", "CopyrightLedger.Web", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static readonly Dictionary<string, string> En = Read("SharedResource.resx"), Zh = Read("SharedResource.zh-Hans.resx");

    private static IEnumerable<System.Text.Json.JsonElement> Profiles =>
        Directory.GetFiles(Path.Combine(Repo.Root, "profiles"), "*.json").Select(f => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement);

    private static void None(string what, IEnumerable<string> keys)
    {
        var found = keys.ToList();
        Assert.True(found.Count == 0, $"{what}: {string.Join(", ", found)}");
    }

    [Fact]
    public void The_resx_files_are_the_only_string_table()
    {
        Assert.False(File.Exists(Path.Combine(Repo.Root, "tools", "strings.tsv")), "a second table (tools/strings.tsv) beside the .resx files drifts from them");
        Assert.False(File.Exists(Path.Combine(Repo.Root, "tools", "make-resx.py")), "a generator would overwrite the .resx files from a stale table");
    }

    [Fact]
    public void Every_key_has_a_text_in_both_languages()
    {
        Assert.Equal(En.Keys.Order(StringComparer.Ordinal), Zh.Keys.Order(StringComparer.Ordinal));
        None("keys without an English text", En.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
        None("keys without a Chinese text", Zh.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
    }

    [Fact]
    public void Every_key_the_code_asks_for_is_in_the_table()
    {
        var src = Path.Combine(Repo.Root, "src", "CopyrightLedger.Web");
        var code = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToList();
        var literal = code.SelectMany(c => Regex.Matches(c, @"\b[lL]\[""([A-Za-z0-9_]+)""\]").Select(m => m.Groups[1].Value)).Distinct();
        None("keys used but not in the table", literal.Where(k => !En.ContainsKey(k)));

        // Keys made of a prefix and a value: every value the prefix is used with.
        var composed = new Dictionary<string, IEnumerable<string>>
        {
            ["Role_"] = Enum.GetNames<CaseRole>().Concat(Enum.GetNames<ArtifactRole>()),
            ["EditKind_"] = Enum.GetNames<EditKind>(),
            ["NoteKind_"] = Enum.GetNames<NoteKind>(),
            ["Medium_"] = Enum.GetNames<Medium>(),
            ["Status_"] = Enum.GetNames<CaseStatus>(),
            ["JobStatus_"] = Enum.GetNames<JobStatus>(),
            ["Band_"] = Profiles.SelectMany(p => p.GetProperty("bands").EnumerateArray().Select(b => b.GetProperty("id").GetString()!)).Distinct(),
            ["Jurisdiction_"] = Profiles.Select(p => p.GetProperty("id").GetString()!),
        };
        var prefixes = code.SelectMany(c => Regex.Matches(c, @"\b[lL]\[""([A-Za-z0-9_]+_)""\s*\+").Select(m => m.Groups[1].Value)).Distinct().ToList();
        None("composed keys whose values this test does not know", prefixes.Where(p => !composed.ContainsKey(p)));
        None("composed keys not in the table", prefixes.SelectMany(p => composed[p].Select(v => p + v)).Where(k => !En.ContainsKey(k)));
    }
}
