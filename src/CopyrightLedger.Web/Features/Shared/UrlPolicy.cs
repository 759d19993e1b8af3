namespace CopyrightLedger.Web.Features.Shared;

/// <summary>
/// The one allow-list for every URL a person supplies that becomes a link, an image source or a redirect
/// (docs/SECURITY.md, "Content: no script from a note"). A URL is read the way a browser reads it: leading and
/// trailing spaces and controls dropped, tabs and line breaks inside removed, the scheme case-folded, and a
/// backslash taken for a slash. Only http, https and mailto pass, and paths inside the app.
/// </summary>
public static class UrlPolicy
{
    private static readonly string[] Schemes = ["http", "https", "mailto"];

    /// <summary>A link in a note or description: the web, mail, or a path inside the app.</summary>
    public static bool IsAllowedLink(string? url) => Classify(url) is Kind.Web or Kind.Local;

    /// <summary>A link in a document read outside the app (the PDF dossier): the web or mail only.</summary>
    public static bool IsAllowedExternalLink(string? url) => Classify(url) is Kind.Web;

    /// <summary>A path inside this app: safe to redirect to; never another host, never a scheme.</summary>
    public static bool IsLocalPath(string? url) => Classify(url) is Kind.Local && url![0] == '/';

    private enum Kind { Refused, Web, Local }

    private static Kind Classify(string? url)
    {
        if (string.IsNullOrEmpty(url)) return Kind.Refused;
        // Anything a browser would silently drop or rewrite makes the URL mean something other than it shows.
        foreach (var c in url)
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF') return Kind.Refused;
        var scheme = SchemeOf(url);
        if (scheme is not null)
            return Schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase) ? Kind.Web : Kind.Refused;
        // No scheme: a relative reference. Two leading slashes (either way round) name another host.
        if (url.Length >= 2 && url[0] is '/' or '\\' && url[1] is '/' or '\\') return Kind.Refused;
        if (url[0] == '\\') return Kind.Refused;
        return Kind.Local;
    }

    /// <summary>The scheme as the URL standard finds it: a letter, then letters, digits, + - or ., then a colon.</summary>
    private static string? SchemeOf(string url)
    {
        var colon = url.IndexOf(':');
        if (colon < 0) return null;
        var end = url.IndexOfAny(['/', '?', '#', '\\']);
        // A colon after the first slash, ? or # belongs to the path or the query (/cases/a:b).
        if (end >= 0 && end < colon) return null;
        var scheme = url[..colon];
        // Not a well-formed scheme, yet a browser might still find one in it: refuse by calling it one.
        if (scheme.Length == 0 || !char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            return "?";
        return scheme;
    }
}
