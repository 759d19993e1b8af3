using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Every route the running app has, from its <see cref="EndpointDataSource"/> (pages, minimal endpoints, the Blazor
/// hub, static assets: no hand-kept list), requested anonymously, as a signed-in person outside the case its
/// parameters name, and as a member (the control that shows the ids are real). docs/SECURITY.md, "Guards that stay".
/// </summary>
public sealed class RouteGuardTests(RouteGuardTests.Fixture f, ITestOutputHelper output) : IClassFixture<RouteGuardTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public LedgerFactory App { get; } = new(seedSamples: true);
        public RouteGuard.Principals Principals { get; private set; } = null!;

        public async Task InitializeAsync() => Principals = await RouteGuard.PrepareAsync(App);

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Every_route_of_the_app_demands_the_check_its_kind_requires()
    {
        var (routes, holes) = await RouteGuard.CheckAsync(f.App, f.Principals, output.WriteLine);
        Assert.True(holes.Count == 0, $"{holes.Count} route(s) reachable without their check:\n" + string.Join("\n", holes));
        // The walk saw the kinds of route the app has; were it to find none of one, the data source changed shape.
        Assert.Contains(routes, r => r.Kind == RouteKind.StaticAsset);
        Assert.Contains(routes, r => r.Kind == RouteKind.Admin);
        Assert.Contains(routes, r => r.Kind == RouteKind.Api);
        Assert.Contains(routes, r => r.Kind == RouteKind.CaseScoped && r.IsPage);
        Assert.Contains(routes, r => r.Kind == RouteKind.CaseScoped && !r.IsPage);
        Assert.Contains(routes, r => r.Kind == RouteKind.SignedIn);
        // An entry of the allow-list whose route is gone would quietly open whatever route takes its address next.
        Assert.All(RouteGuard.Public.Keys, entry => Assert.Contains(routes, r => RouteGuard.Matches(entry, r.Pattern) || r.Methods.Any(m => entry == $"{m} {r.Pattern}")));
    }

    [Fact]
    public async Task A_route_added_without_its_check_makes_the_guard_fail()
    {
        // The same app with five routes planted the way a hurried change would add them, each missing one check.
        using var app = new LedgerFactory(seedSamples: true, services: s => s.AddTransient<IStartupFilter, PlantedRoutes>());
        var principals = await RouteGuard.PrepareAsync(app, withDossier: false);
        // Only the planted routes are walked here; the test above walks the rest of the same app.
        var (routes, holes) = await RouteGuard.CheckAsync(app, principals, _ => { }, only: r => r.Pattern.Contains("/planted", StringComparison.Ordinal));
        Assert.Equal(PlantedRoutes.Patterns.Order(), routes.Select(r => r.Pattern).Order());
        var text = string.Join("\n", holes);
        output.WriteLine(text);
        foreach (var planted in PlantedRoutes.Patterns)
            Assert.True(holes.Any(h => h.Contains(planted, StringComparison.Ordinal)), $"the guard missed {planted}:\n{text}");
    }

    /// <summary>Routes with a missing check, mapped through a routing of their own ahead of the app's (same services, same cookie).</summary>
    private sealed class PlantedRoutes : IStartupFilter
    {
        public static readonly string[] Patterns =
        [
            "/planted/open",                          // a page-like GET with no authorization at all
            "/cases/{caseId:guid}/planted",           // signed in, but no membership check: it tells anyone the case's title
            "/api/v1/planted",                        // an API endpoint that takes the sign-in cookie instead of a token
            "/admin/planted",                         // an admin route that any signed-in person may open
            "/planted/{thing}",                       // a parameter the guard does not know how to fill
        ];

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseEndpoints(e =>
            {
                e.MapGet(Patterns[0], () => "open");
                e.MapGet(Patterns[1], async (Guid caseId, IDbContextFactory<Data.LedgerDbContext> dbs) => { await using var db = await dbs.CreateDbContextAsync(); return (await db.Cases.FirstAsync(c => c.Id == caseId)).Title; }).RequireAuthorization();
                e.MapGet(Patterns[2], () => "api").RequireAuthorization();
                e.MapGet(Patterns[3], () => "admin").RequireAuthorization();
                e.MapGet(Patterns[4], (string thing) => thing).RequireAuthorization();
            });
            next(app);
        };
    }
}
