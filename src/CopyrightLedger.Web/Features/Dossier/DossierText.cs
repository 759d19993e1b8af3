using System.Globalization;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core;
using CopyrightLedger.Web.Features.Dossier.Layout;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// The dossier's language, chosen at export: English (<c>en</c>), Simplified Chinese (<c>zh</c>), or both
/// (<c>both</c>): labels and headings then carry both, and longer wording is set side by side in two columns.
/// </summary>
public sealed class DossierText
{
    public static readonly string[] Languages = ["en", "zh", "both"];

    public DossierText(string language)
    {
        if (!Languages.Contains(language)) throw new Core.DomainException($"Language '{language}' is not one of {string.Join(", ", Languages)}.");
        Language = language;
    }

    public string Language { get; }
    public bool Both => Language == "both";
    private bool Zh => Language == "zh";

    /// <summary>A label or heading: one language, or both joined.</summary>
    public string T(string en, string zh) => Both ? $"{en} · {zh}" : Zh ? zh : en;

    public string T(Wording w) => T(w.En, w.Zh);

    /// <summary>Wording as paragraphs: one language, or both side by side.</summary>
    public Block Say(Wording w) => Say(w.En, w.Zh);

    public Block Say(string en, string zh) =>
        Both ? new Table([0.5, 0.5], [new TableRow([new TableCell(en), new TableCell(zh)])], HeaderRows: 0) { FontSize = 9.5 } : new Paragraph(Zh ? zh : en);

    private static readonly System.Resources.ResourceManager Strings = new("CopyrightLedger.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en"), Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    /// <summary>A role, a kind or a medium by the name the app's string table gives it (docs/decisions/0012-resx-is-the-string-table.md).</summary>
    public string Term(Enum value) => Term(value switch
    {
        Core.Cases.CaseRole or Core.Evidence.ArtifactRole => "Role_",
        Core.Evidence.EditKind => "EditKind_",
        Core.Evidence.NoteKind => "NoteKind_",
        Core.Evidence.Medium => "Medium_",
        _ => throw new ArgumentException($"No term for {value.GetType().Name}.", nameof(value)),
    } + value);

    /// <summary>An assessment band (a profile's band id) by its name.</summary>
    public string Band(string id) => Term("Band_" + id);

    private string Term(string key) =>
        T(Strings.GetString(key, English) ?? throw new KeyNotFoundException(key), Strings.GetString(key, Chinese) ?? throw new KeyNotFoundException(key));

    public string Footer => Both ? "Page {0} of {1} · 第 {0} 页，共 {1} 页" : Zh ? "第 {0} 页，共 {1} 页" : "Page {0} of {1}";

    /// <summary>A UTC time without its zone, for a column whose heading states it.</summary>
    public static string Clock(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Every time the dossier prints is in UTC, in this one format.</summary>
    public static string Utc(DateTime utc) => Clock(utc) + " UTC";

    /// <summary>A claimed time in UTC, followed by the time as the source stated it when it gave another offset.</summary>
    public static string Claimed(SourceTime? t) => t is not { } time ? "—" : Utc(time.Utc) + (time.OffsetMinutes is { } o && o != 0 ? $" ({time})" : "");

}
