using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// Re-checks the person behind an open Blazor circuit every few seconds: when their security stamp changed (they
/// signed out elsewhere, were disabled, had their password reset or their roles changed) or the account is gone or
/// disabled, the circuit's user becomes anonymous and the page sends them to sign in (docs/SECURITY.md,
/// "Sign-in and access"). Each request's cookie is checked the same way (<c>ValidationInterval</c> zero).
/// </summary>
public sealed class AccessRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    /// <summary>How often an open circuit is checked.</summary>
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await IsCurrentAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), state.User, identity.Value);
    }

    /// <summary>True while the principal's account exists, is not disabled, and carries the stamp the cookie was issued with.</summary>
    public static async Task<bool> IsCurrentAsync(UserManager<AppUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        if (await users.GetUserAsync(principal) is not { } user || AccountState.IsDisabled(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}

/// <summary>
/// An account is disabled by an administrator by locking it with no end (Identity's own lockout, so a disabled
/// person cannot sign in); <see cref="AccessRevalidation"/> and the cookie check also refuse it.
/// </summary>
public static class AccountState
{
    public static readonly DateTimeOffset DisabledUntil = DateTimeOffset.MaxValue;

    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end >= DisabledUntil.AddYears(-1);
}
