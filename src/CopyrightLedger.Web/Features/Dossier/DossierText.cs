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

    public string Footer => Both ? "Page {0} of {1} · 第 {0} 页，共 {1} 页" : Zh ? "第 {0} 页，共 {1} 页" : "Page {0} of {1}";

    /// <summary>A UTC time in 20 characters, for narrow columns.</summary>
    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An enum value as the case folder spells it: <c>PaintOver</c> → <c>paint-over</c>.</summary>
    public static string Kind(Enum kind) => string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Utc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A claimed time as the source stated it, with its offset when known.</summary>
    public static string Claimed(SourceTime? t) => t is { } time ? time.ToString() : "—";

}
