using System.Security.Claims;
using System.Text.Json.Nodes;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// A password an administrator reset is one-time: the account carries <see cref="Claim"/> until its owner chooses
/// their own on <see cref="Path"/>, and until then every other page and endpoint sends them there
/// (docs/SECURITY.md, "Sign-in and access").
/// </summary>
public static class PasswordChange
{
    public const string Claim = "must_change_password";
    public const string Path = "/account/password";

    public static bool Required(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == Claim);

    /// <summary>After authentication: a person who must change their password reaches only that page, sign-out and static files.</summary>
    public static IApplicationBuilder UseRequiredPasswordChange(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (!Required(http.User) || path.StartsWithSegments(Path) || path.StartsWithSegments("/account/logout") || IsStatic(path))
        {
            await next(http);
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method)) http.Response.Redirect(Path);
        else http.Response.StatusCode = StatusCodes.Status403Forbidden;
    });

    private static bool IsStatic(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/brand") || System.IO.Path.HasExtension(path.Value);

    /// <summary>Changes the signed-in person's own password, ends the one-time state, records it, and signs them in afresh.</summary>
    public static async Task<IdentityResult> ChangeAsync(IServiceProvider services, ClaimsPrincipal principal, string current, string chosen)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(principal) ?? throw new UnauthorizedAccessException("Not signed in.");
        var result = await users.ChangePasswordAsync(user, current, chosen); // a new security stamp: other sessions end
        if (!result.Succeeded) return result;
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            await db.UserClaims.Where(c => c.UserId == user.Id && c.ClaimType == Claim).ExecuteDeleteAsync();
            db.Record(user.Id, user.NameToShow, "user.change-password");
            db.AddLedgerEvent(LedgerChains.Installation, new JsonObject { ["user"] = user.Id, ["email"] = user.Email });
            await db.SaveChangesAsync();
        }
        await services.GetRequiredService<SignInManager<AppUser>>().SignInAsync((await users.FindByIdAsync(user.Id))!, isPersistent: true);
        return result;
    }
}
