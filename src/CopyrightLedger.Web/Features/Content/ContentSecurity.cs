using System.Text;
using System.Text.Json;
using CopyrightLedger.Web.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CopyrightLedger.Web.Features.Content;

/// <summary>
/// The headers every response carries and the endpoint the browser reports blocked content to
/// (docs/SECURITY.md, "Content: no script from a note").
/// </summary>
public static class ContentSecurity
{
    public const string ReportPath = "/csp-report";

    /// <summary>
    /// Scripts only from the app's own files, nothing inline: a note that slipped past the Markdown allow-list
    /// still could not run. Styles may be inline because Radzen and Blazor's reconnect dialog set them; images
    /// may be data: or blob: URLs for previews. report-uri rather than report-to: Chromium drops report-uri when
    /// report-to is present and batches report-to deliveries, Firefox knows only report-uri.
    /// </summary>
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; " +
        "form-action 'self'; report-uri " + ReportPath;

    /// <summary>For a stored file opened on its own: no script, no plugin, a sandboxed origin; images and media may show.</summary>
    public const string FilePolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

    public static IServiceCollection AddContentSecurity(this IServiceCollection services)
    {
        // Cookies are Secure whenever the request came over HTTPS (antiforgery's default would send it over http too).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services.AddSingleton<CspReports>();
    }

    public static IApplicationBuilder UseContentSecurity(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "SAMEORIGIN";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Over HTTPS only: an HSTS header on plain http to 127.0.0.1 would be ignored or, worse, pin a name.
        if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
        return next(http);
    });

    public static void MapContentSecurityReports(this IEndpointRouteBuilder app)
    {
        // The browser posts without a token; the body is bounded and only logged and counted, never trusted.
        app.MapPost(ReportPath, async (HttpContext http, CspReports reports, ILoggerFactory logs) =>
        {
            var text = await ReadBoundedAsync(http.Request.Body, CspReports.MaxReportBytes, http.RequestAborted);
            var report = CspReports.Parse(text);
            reports.Add(report);
            logs.CreateLogger("CopyrightLedger.Csp").LogWarning("Content-Security-Policy blocked {Directive} {Blocked} on {Page}",
                report.Directive, report.Blocked, report.Page);
            return Results.NoContent();
        }).AllowAnonymous().DisableAntiforgery();
        // For an Admin (and the browser test): the latest reports, newest last.
        app.MapGet(ReportPath, (CspReports reports) => Results.Json(new { reports.Total, Latest = reports.Latest() }))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
    }

    private static async Task<string> ReadBoundedAsync(Stream body, int max, CancellationToken ct)
    {
        var buffer = new byte[max];
        var length = 0;
        int read;
        while (length < max && (read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}

/// <summary>The latest CSP reports, kept in memory (a restart forgets them; the log keeps them).</summary>
public sealed class CspReports
{
    public const int MaxReportBytes = 16 * 1024;
    private const int Kept = 100;
    private readonly Queue<CspReport> _latest = new();
    private long _total;

    public sealed record CspReport(string Directive, string Blocked, string Page, string Sample);

    public long Total => Interlocked.Read(ref _total);

    public void Add(CspReport report)
    {
        Interlocked.Increment(ref _total);
        lock (_latest)
        {
            _latest.Enqueue(report);
            while (_latest.Count > Kept) _latest.Dequeue();
        }
    }

    public IReadOnlyList<CspReport> Latest()
    {
        lock (_latest) return [.. _latest];
    }

    /// <summary>
    /// A report-uri body (<c>{"csp-report":{...}}</c>) or a Reporting API batch (<c>[{"body":{...}}]</c>);
    /// anything else is kept as "unreadable" so a broken report still counts.
    /// </summary>
    public static CspReport Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var body = root.ValueKind switch
            {
                JsonValueKind.Object when root.TryGetProperty("csp-report", out var r) => r,
                JsonValueKind.Array when root.GetArrayLength() > 0 && root[0].TryGetProperty("body", out var b) => b,
                _ => root,
            };
            return new CspReport(
                Cut(Member(body, "effective-directive", "effectiveDirective", "violated-directive")),
                Cut(Member(body, "blocked-uri", "blockedURL")),
                Cut(Member(body, "document-uri", "documentURL")),
                Cut(Member(body, "script-sample", "sample")));
        }
        catch (JsonException)
        {
            return new CspReport("unreadable", "", "", Cut(text));
        }
    }

    private static string Member(JsonElement e, params string[] names)
    {
        if (e.ValueKind != JsonValueKind.Object) return "";
        foreach (var name in names)
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString() ?? "";
        return "";
    }

    private static string Cut(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
