using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace CopyrightLedger.Web.Accounts;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form POST with the antiforgery token (see the layout's sign-out button); a cross-site POST has no token and
        // is refused. Signing out gives the account a new security stamp, so a copy of the cookie taken before stops
        // working too (docs/SECURITY.md, "Sign-in and access").
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn, UserManager<AppUser> users) =>
        {
            try { await antiforgery.ValidateRequestAsync(http); }
            catch (AntiforgeryValidationException) { return Results.Problem("The sign-out form was not sent by this site.", statusCode: StatusCodes.Status400BadRequest); }
            if (await users.GetUserAsync(http.User) is { } user) await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().DisableAntiforgery();
    }
}
