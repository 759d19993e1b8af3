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
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
            // Only a path of this app is followed; anything else (another host, a scheme, a hidden tab) goes to /.
            return Results.LocalRedirect(Features.Shared.UrlPolicy.IsLocalPath(redirect) ? redirect! : "/");
        }).AllowAnonymous();
    }
}
