using System.Globalization;
using CopyrightLedger.Core.Evidence;

namespace CopyrightLedger.Core.CaseFolders;

/// <summary>
/// A note of a case folder: Markdown with a front matter block, e.g.
/// <code>
/// ---
/// kind: brief
/// at: 2023-02-20T21:05:00+08:00
/// files: [images/01-a.png]
/// ---
/// </code>
/// </summary>
public sealed record NoteFile(NoteKind Kind, SourceTime At, IReadOnlyList<string> Files, string? Author, string Markdown)
{
    public static NoteFile Parse(string text, string nameForErrors)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length < 3 || lines[0].Trim() != "---")
            throw new DomainException($"{nameForErrors}: a note starts with a front matter block between '---' lines.");
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0) throw new DomainException($"{nameForErrors}: the front matter block is not closed with '---'.");

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines[1..end])
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new DomainException($"{nameForErrors}: front matter line '{line.Trim()}' is not 'key: value'.");
            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (!fields.TryGetValue("kind", out var kindText) || !Enum.TryParse<NoteKind>(kindText, ignoreCase: true, out var kind))
            throw new DomainException($"{nameForErrors}: 'kind' must be one of {string.Join(", ", Enum.GetNames<NoteKind>()).ToLowerInvariant()}.");
        if (!fields.TryGetValue("at", out var atText)
            || !DateTimeOffset.TryParseExact(Unquote(atText), ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mmzzz"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            throw new DomainException($"{nameForErrors}: 'at' must be an ISO-8601 time with an offset, e.g. 2023-02-20T21:05:00+08:00.");

        var files = fields.TryGetValue("files", out var f) ? ParseList(f) : [];
        var author = fields.TryGetValue("author", out var a) ? Unquote(a) : null;
        var body = string.Join('\n', lines[(end + 1)..]).Trim('\n');
        if (string.IsNullOrWhiteSpace(body)) throw new DomainException($"{nameForErrors}: the note has no text.");
        // "Z" means UTC was stated, which is an offset of zero, not an unknown one.
        return new NoteFile(kind, SourceTime.From(at), files, author, body);
    }

    private static IReadOnlyList<string> ParseList(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        return v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Unquote).ToList();
    }

    private static string Unquote(string s) => s.Length >= 2 && (s[0] == '"' && s[^1] == '"' || s[0] == '\'' && s[^1] == '\'') ? s[1..^1] : s;
}
