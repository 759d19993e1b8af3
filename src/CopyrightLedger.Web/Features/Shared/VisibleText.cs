using System.Globalization;
using System.Text;

namespace CopyrightLedger.Web.Features.Shared;

/// <summary>
/// A name as a reader can see it (docs/SECURITY.md): a right-to-left override or another invisible control in
/// a file name can make <c>exe.png</c> read as <c>gnp.exe</c>, so every such character is shown as its code point.
/// Only the text on screen changes; the stored name stays byte for byte.
/// </summary>
public static class VisibleText
{
    /// <summary>A control (Cc) or format (Cf: bidirectional marks, embeddings, isolates, zero-width) character: one that does not show what it does.</summary>
    private static bool IsHidden(Rune r) => Rune.IsControl(r) || Rune.GetUnicodeCategory(r) is UnicodeCategory.Format;

    /// <summary>Control (Cc) and format (Cf: bidirectional marks, embeddings, isolates, zero-width) characters as ⟨U+XXXX⟩, long names cut.</summary>
    public static string Shown(string name)
    {
        var sb = new StringBuilder();
        foreach (var r in name.EnumerateRunes())
        {
            if (sb.Length > 200) { sb.Append('…'); break; }
            if (IsHidden(r)) sb.Append($"⟨U+{r.Value:X4}⟩");
            else sb.Append(r.ToString());
        }
        return sb.ToString();
    }

    /// <summary>
    /// The name a download is offered under: controls, bidirectional and invisible characters, path separators and
    /// the characters Windows refuses become <c>_</c>, so the name a browser saves shows its real extension
    /// (<c>invoice\u202Egnp.exe</c> is offered as <c>invoice_gnp.exe</c>). The stored name keeps every byte.
    /// </summary>
    public static string DownloadName(string name)
    {
        var sb = new StringBuilder();
        foreach (var r in name.EnumerateRunes())
            sb.Append(IsHidden(r) || (r.IsAscii && "/\\:*?\"<>|".Contains((char)r.Value))
                ? "_" : r.ToString());
        var safe = sb.ToString().Trim().TrimStart('.');
        if (safe.Length > 200) safe = safe[..150] + "…" + safe[^40..];
        return safe.Length == 0 ? "file" : safe;
    }
}
