using System.Net;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Dossier;
using CopyrightLedger.Web.Features.Ingest;
using CopyrightLedger.Web.Jobs;
using CopyrightLedger.Web.Samples;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// What a route must demand, decided from its address (and for assets and admin pages from what marks them so), never
/// from the authorization metadata that may be missing.
/// </summary>
public enum RouteKind
{
    /// <summary>Named in <see cref="RouteGuard.Public"/> with the reason anyone may open it.</summary>
    Public,
    /// <summary>A file of <c>wwwroot-assets/</c> or of a package, mapped by <c>MapStaticAssets</c>.</summary>
    StaticAsset,
    /// <summary>Under <c>/admin</c> (or authorized for the Admin role): sign-in, then 403 for anyone else.</summary>
    Admin,
    /// <summary>Under <c>/api/</c>: a bearer token, never the sign-in cookie; 401 without one.</summary>
    Api,
    /// <summary>Names a case, work, file or job in its parameters: sign-in, then "not found" for a non-member.</summary>
    CaseScoped,
    /// <summary>Anything else: sign-in, and nothing of a case the person cannot see.</summary>
    SignedIn,
}

public sealed record RouteInfo(string Pattern, IReadOnlyList<string> Methods, RouteKind Kind, bool IsPage, bool NamesCase, string Name);

/// <summary>
/// Walks every endpoint of the running app and says which ones answer without the check their kind requires.
/// A route added later is walked the same way because the list comes from the app's <see cref="EndpointDataSource"/>:
/// with no authorization it answers the anonymous request (a hole); with sign-in but no membership check it answers the
/// outsider (a hole); a parameter the guard cannot fill is itself a hole, so a new kind of id must be taught here, with
/// the case it belongs to, before the route can pass. Pages are known by their component metadata, everything else by
/// its address. docs/SECURITY.md, "Guards that stay".
/// </summary>
public static class RouteGuard
{
    /// <summary>The routes anyone may open, each with its reason. A trailing <c>*</c> is a prefix; a leading method names only that endpoint.</summary>
    public static readonly IReadOnlyDictionary<string, string> Public = new Dictionary<string, string>
    {
        ["/account/login"] = "the sign-in page itself",
        ["/account/denied"] = "says a role is missing; shows nothing of any case",
        ["/not-found"] = "the status page every 404 is re-executed into",
        ["/error"] = "the exception page (outside Development)",
        ["/culture/{culture}"] = "the language switch: sets one cookie and redirects to a local path",
        ["POST /csp-report"] = "browsers send Content-Security-Policy reports without credentials; it takes 16 KiB and only logs (its GET is the administrators')",
        ["/_blazor*"] = "the Blazor circuit: every page inside it is checked again by the router's AuthorizeRouteView",
        ["/_framework/*"] = "the Blazor script (blazor.web.js), the same for everyone",
        ["/{**path:file}"] = "MapStaticAssets' fallback, run from build output only: a file of wwwroot-assets/ added after the build",
    };

    /// <summary>The route parameters that name something inside a case, and the kind they make a route.</summary>
    private static readonly string[] CaseParameters = ["caseId", "workId", "artifactId", "jobId"];

    /// <summary>A signed-in person's cookies (sign-in and antiforgery) and the antiforgery token a form of theirs would carry.</summary>
    public sealed record Visitor(string Cookie, string FormToken);

    public sealed record Principals(
        Visitor Outsider, Visitor Member, string OutsiderToken, string MemberToken,
        IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Secrets);

    /// <summary>
    /// An outsider (a Creator who is no member of the li-v-liu sample) and a member (the administrator, who owns the
    /// samples), signed in and with API tokens, and real ids of that case: a work, a file and a finished dossier job.
    /// </summary>
    public static async Task<Principals> PrepareAsync(LedgerFactory app, bool withDossier = true)
    {
        _ = app.Server;
        var outsiderEmail = $"outsider-{Guid.NewGuid():N}@test.local";
        var outsider = await app.CreateUserAsync(outsiderEmail, Roles.Creator);
        Actor member;
        using (var scope = app.Services.CreateScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(LedgerFactory.AdminEmail);
            member = new Actor(admin!.Id, admin.DisplayName, IsAdmin: true, IsReviewerOnly: false);
        }
        var caseId = SampleSeeder.SampleCaseId("li-v-liu");
        await using var db = app.Db();
        var hidden = await db.Cases.SingleAsync(c => c.Id == caseId);
        var work = await db.Works.Where(w => w.CaseId == caseId).OrderBy(w => w.Title).FirstAsync();
        var artifact = await db.Artifacts.Where(a => a.CaseId == caseId).OrderBy(a => a.Id).FirstAsync();
        var tokens = app.Service<ApiTokenService>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["caseId"] = caseId.ToString(),
            ["workId"] = work.Id.ToString(),
            ["artifactId"] = artifact.Id.ToString(),
            ["jobId"] = withDossier ? (await FinishedDossierAsync(app, member, caseId, work.Id)).ToString() : Guid.Empty.ToString(),
            ["culture"] = "zh-Hans",
            ["path"] = "brand/not-in-the-manifest.svg", // the static fallback's catch-all: a file the build did not list
        };
        return new Principals(
            await VisitorAsync(app, outsiderEmail, "Password-for-tests-1"),
            await VisitorAsync(app, LedgerFactory.AdminEmail, LedgerFactory.AdminPassword),
            await tokens.CreateAsync(outsider, "route guard"),
            await tokens.CreateAsync(member, "route guard"),
            values,
            [hidden.Title, WebUtility.HtmlEncode(hidden.Title), work.Title, WebUtility.HtmlEncode(work.Title)]);
    }

    /// <summary>Signs in, then takes the antiforgery token from the sign-out form every page carries, with its cookie.</summary>
    private static async Task<Visitor> VisitorAsync(LedgerFactory app, string email, string password)
    {
        var cookie = await app.SignInCookiesAsync(email, password);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cases");
        request.Headers.Add("Cookie", cookie);
        using var page = await client.SendAsync(request);
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        if (token.Length == 0) throw new InvalidOperationException("no antiforgery token on /cases");
        var antiforgery = page.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];
        return new Visitor(string.Join("; ", antiforgery.Prepend(cookie)), token);
    }

    private static async Task<Guid> FinishedDossierAsync(LedgerFactory app, Actor member, Guid caseId, Guid workId)
    {
        var queue = app.Service<JobQueue>();
        var job = await queue.EnqueueAsync(member, DossierJob.JobKind, caseId, DossierJob.Describe(workId, new DossierOptions("en", Sign: false)));
        for (var i = 0; i < 600; i++)
        {
            if (await queue.GetAsync(member, job.Id) is { IsFinished: true } done)
                return done.Status == JobStatus.Succeeded ? job.Id : throw new InvalidOperationException($"the dossier job ended {done.Status}");
            await Task.Delay(100);
        }
        throw new TimeoutException("the dossier job did not finish in 60 s");
    }

    /// <summary>Every route the app has, with the kind its address gives it.</summary>
    public static IReadOnlyList<RouteInfo> Routes(LedgerFactory app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new RouteInfo(Normalize(e.RoutePattern.RawText ?? ""),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? [.. m] : ["GET"],
                KindOf(e), e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null, NamesCase(e.RoutePattern), e.DisplayName ?? ""))
            .ToList();

    /// <summary>Whether an entry of <see cref="Public"/> names <paramref name="pattern"/>.</summary>
    public static bool Matches(string publicEntry, string pattern) =>
        publicEntry.EndsWith('*') ? pattern.StartsWith(publicEntry[..^1], StringComparison.Ordinal) : pattern == publicEntry;

    private static string Normalize(string raw) => "/" + raw.TrimStart('/');

    private static RouteKind KindOf(RouteEndpoint e)
    {
        var pattern = Normalize(e.RoutePattern.RawText ?? "");
        var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        if (Public.Keys.Any(p => Matches(p, pattern) || (methods.Count == 1 && Matches(p, $"{methods[0]} {pattern}")))) return RouteKind.Public;
        // MapStaticAssets marks its endpoints with the asset's descriptor; a minimal endpoint cannot pass as one.
        if (e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor")) return RouteKind.StaticAsset;
        if (pattern.StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
            || e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Roles?.Contains(Roles.Admin, StringComparison.Ordinal) == true)) return RouteKind.Admin;
        if (pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return RouteKind.Api;
        if (NamesCase(e.RoutePattern)) return RouteKind.CaseScoped;
        return RouteKind.SignedIn;
    }

    private static bool NamesCase(RoutePattern pattern) => pattern.Parameters.Any(p => CaseParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Requests every route (or those <paramref name="only"/> keeps) and returns the routes and every hole found.</summary>
    public static async Task<(IReadOnlyList<RouteInfo> Routes, IReadOnlyList<string> Holes)> CheckAsync(
        LedgerFactory app, Principals who, Action<string> log, Func<RouteInfo, bool>? only = null)
    {
        // Signing out renews the person's security stamp, so every cookie they hold stops working (docs/SECURITY.md):
        // that route is walked last, or the walk would go on as nobody.
        var routes = Routes(app).Where(only ?? (_ => true)).OrderBy(r => r.Pattern == "/account/logout").ToList();
        var holes = new List<string>();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var route in routes)
        {
            log($"{route.Kind,-11} {string.Join(",", route.Methods),-9} {route.Pattern}");
            if (PathOf(route.Pattern, who.Values) is not { } path)
            {
                holes.Add($"{route.Pattern} ({route.Name}): a route parameter the guard cannot fill; teach RouteGuard what it names and who may see it");
                continue;
            }
            foreach (var method in route.Methods)
                foreach (var problem in await ProblemsAsync(client, route, new HttpMethod(method), path, who))
                    holes.Add($"{method} {route.Pattern} ({path}) {problem}");
        }
        return (routes, holes);
    }

    private static async Task<IEnumerable<string>> ProblemsAsync(HttpClient client, RouteInfo route, HttpMethod method, string path, Principals who)
    {
        var problems = new List<string>();
        async Task<HttpResponseMessage> Send(Visitor? visitor = null, string? token = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (visitor is not null) request.Headers.Add("Cookie", visitor.Cookie);
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            if (method != HttpMethod.Get && method != HttpMethod.Head)
                // A form post as the visitor's own page would send it, so antiforgery lets it through to the route's own checks.
                request.Content = visitor is null ? new ByteArrayContent([])
                    : new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = visitor.FormToken });
            return await client.SendAsync(request);
        }
        void Expect(bool ok, string who, HttpResponseMessage r, string wanted)
        {
            if (!ok) problems.Add($"as {who}: {(int)r.StatusCode} {r.Headers.Location}, wanted {wanted}");
        }
        // Whatever the status, an answer to someone outside the case names nothing of it (a 404 page included).
        async Task NothingHidden(string by, HttpResponseMessage r)
        {
            var body = await r.Content.ReadAsStringAsync();
            if (who.Secrets.FirstOrDefault(secret => body.Contains(secret, StringComparison.Ordinal)) is { } named)
                problems.Add($"as {by}: the answer names the hidden case (\"{named}\")");
        }
        var isGet = method == HttpMethod.Get;

        switch (route.Kind)
        {
            case RouteKind.Public:
            case RouteKind.StaticAsset:
            {
                if (!isGet) break;
                var anonymous = await Send();
                Expect((int)anonymous.StatusCode < 500, "anonymous", anonymous, "an answer without a server error");
                await NothingHidden("anonymous", anonymous);
                if (route.Kind == RouteKind.StaticAsset) Expect(anonymous.StatusCode == HttpStatusCode.OK, "anonymous", anonymous, "200 for a static asset");
                break;
            }
            case RouteKind.Api:
            {
                var anonymous = await Send();
                Expect(anonymous.StatusCode == HttpStatusCode.Unauthorized, "anonymous", anonymous, "401 without a token");
                var cookieOnly = await Send(who.Member);
                Expect(cookieOnly.StatusCode == HttpStatusCode.Unauthorized, "member's cookie and no token", cookieOnly, "401: the cookie is not a token");
                var outsider = await Send(token: who.OutsiderToken);
                if (route.NamesCase) Expect(outsider.StatusCode == HttpStatusCode.NotFound, "outsider's token", outsider, "404 for a case it is not a member of");
                await NothingHidden("outsider's token", outsider);
                var member = await Send(token: who.MemberToken);
                Expect(member.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or >= HttpStatusCode.InternalServerError),
                    "member's token (control)", member, "past the checks");
                break;
            }
            default:
            {
                var anonymous = await Send();
                Expect(IsSignInRedirect(anonymous), "anonymous", anonymous, "a redirect to /account/login");
                var outsider = await Send(who.Outsider);
                var member = await Send(who.Member);
                if (route.Kind == RouteKind.Admin)
                    Expect(outsider.StatusCode == HttpStatusCode.Forbidden || IsRedirectTo(outsider, "/account/denied"), "outsider (a Creator)", outsider, "403");
                else if (route.Kind == RouteKind.CaseScoped && !(route.IsPage && !isGet))
                    Expect(outsider.StatusCode == HttpStatusCode.NotFound, "outsider", outsider, "404 for a case it is not a member of");
                else if (route.Kind == RouteKind.CaseScoped)
                    // A page's POST with a valid antiforgery token but no form name: Blazor refuses it (400) for members too.
                    Expect(!outsider.IsSuccessStatusCode && (int)outsider.StatusCode < 500, "outsider", outsider, "no success for a case it is not a member of");
                else
                    Expect((int)outsider.StatusCode < 500, "outsider", outsider, "an answer without a server error");
                await NothingHidden("outsider", outsider);
                if (isGet)
                    Expect(member.IsSuccessStatusCode || (member.StatusCode == HttpStatusCode.Redirect && !IsSignInRedirect(member) && !IsRedirectTo(member, "/account/denied")),
                        "member (control)", member, "2xx or a redirect inside the app: the ids the guard filled in are real");
                break;
            }
        }
        return problems;
    }

    private static bool IsSignInRedirect(HttpResponseMessage r) => IsRedirectTo(r, "/account/login");

    private static bool IsRedirectTo(HttpResponseMessage r, string path) =>
        r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && r.Headers.Location is { } l
        && (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0]) == path;

    /// <summary>The route's address with its parameters filled, or null when one of them is not known.</summary>
    private static string? PathOf(string pattern, IReadOnlyDictionary<string, string> values)
    {
        var parsed = RoutePatternFactory.Parse(pattern);
        var segments = new List<string>();
        foreach (var segment in parsed.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
                switch (part)
                {
                    case RoutePatternLiteralPart literal: text += literal.Content; break;
                    case RoutePatternSeparatorPart separator: text += separator.Content; break;
                    case RoutePatternParameterPart parameter:
                        if (values.TryGetValue(parameter.Name, out var value)) text += value;
                        else if (!parameter.IsOptional) return null;
                        break;
                }
            segments.Add(text);
        }
        return "/" + string.Join("/", segments);
    }
}
