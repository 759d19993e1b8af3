using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CopyrightLedger.Web.Localization;

public static class LocalizationSetup
{
    public static readonly string[] Cultures = ["en", "zh-Hans"];

    public static IServiceCollection AddLedgerLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            o.FallBackToParentUICultures = true;
            // The choice made with the language switch wins over the browser's Accept-Language.
            o.RequestCultureProviders.Insert(0, new CookieRequestCultureProvider());
        });
        return services;
    }

    public static void MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        // The language switch: stores the choice in a year-long cookie, then goes back where the person was.
        app.MapGet("/culture/{culture}", (string culture, string? redirect, HttpContext http) =>
        {
            if (!Cultures.Contains(culture, StringComparer.OrdinalIgnoreCase)) return Results.BadRequest();
            var value = CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.GetCultureInfo(culture)));
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, value,
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(IsLocalPath(redirect) ? redirect! : "/");
        }).AllowAnonymous();
    }

    /// <summary>
    /// A path of this app, by the rule <c>LocalRedirect</c> itself applies (which throws otherwise): one leading slash,
    /// not followed by a slash or a backslash (a browser reads "/\host" as "//host"), and no control character (a
    /// browser drops a tab, so "/\t/host" becomes "//host").
    /// </summary>
    private static bool IsLocalPath(string? path) =>
        path is ['/', ..] && path is not ['/', '/' or '\\', ..] && !path.Any(char.IsControl);
}
