using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CopyrightLedger.Core;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Accounts;

public sealed record UserView(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Disabled);

/// <summary>
/// Accounts, managed by administrators (and by whoever runs <c>ledger user</c> on the data folder). Disabling,
/// enabling, resetting a password and changing roles each write the account and an event on the installation chain
/// in one transaction, and give the account a new security stamp, so its cookies and open pages stop working at
/// once (docs/SECURITY.md, "Sign-in and access"). The last enabled administrator cannot be disabled or demoted.
/// </summary>
public sealed class UserAdminService(UserManager<AppUser> users, IDbContextFactory<LedgerDbContext> dbs)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(Actor actor)
    {
        RequireAdmin(actor);
        await using var db = await dbs.CreateDbContextAsync();
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync();
        var roles = await RolesByUserAsync(db);
        return all.Select(u => new UserView(u.Id, u.Email ?? "", u.NameToShow, roles.GetValueOrDefault(u.Id) ?? [], AccountState.IsDisabled(u))).ToList();
    }

    public async Task<string> CreateAsync(Actor actor, string email, string displayName, string password, string role)
    {
        RequireAdmin(actor);
        if (!Roles.All.Contains(role)) throw new DomainException($"Unknown role '{role}'.");
        var user = new AppUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName.Trim() };
        Throw(await users.CreateAsync(user, password));
        Throw(await users.AddToRoleAsync(user, role));
        await using var db = await dbs.CreateDbContextAsync();
        db.Record(actor, "user.create");
        db.AddLedgerEvent(LedgerChains.Installation, new JsonObject { ["user"] = user.Id, ["email"] = user.Email, ["roles"] = new JsonArray(role) });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>The account, found by id or e-mail address (as the command line names it).</summary>
    public async Task<string> FindAsync(Actor actor, string idOrEmail)
    {
        RequireAdmin(actor);
        await using var db = await dbs.CreateDbContextAsync();
        var normalized = idOrEmail.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.Id == idOrEmail || u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync()
               ?? throw new DomainException($"No account is '{idOrEmail.Trim()}'.");
    }

    /// <summary>The person can no longer sign in; their cookies, open pages and API tokens stop working.</summary>
    public Task DisableAsync(Actor actor, string userId) => ChangeAsync(actor, userId, "user.disable", async (db, user, data) =>
    {
        if (user.Id == actor.UserId) throw new DomainException("You cannot disable your own account.");
        await RequireAnotherAdminAsync(db, user, "disable");
        user.LockoutEnabled = true;
        user.LockoutEnd = AccountState.DisabledUntil;
    });

    public Task EnableAsync(Actor actor, string userId) => ChangeAsync(actor, userId, "user.enable", (_, user, _) =>
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    });

    /// <summary>
    /// Sets <paramref name="password"/>, or a generated one when it is empty, and returns it (shown once, never
    /// recorded); it works once: its owner must then choose their own (<see cref="PasswordChange"/>).
    /// </summary>
    public async Task<string> ResetPasswordAsync(Actor actor, string userId, string? password)
    {
        var chosen = string.IsNullOrEmpty(password) ? GeneratePassword() : password;
        await ChangeAsync(actor, userId, "user.reset-password", async (db, user, data) =>
        {
            foreach (var validator in users.PasswordValidators) Throw(await validator.ValidateAsync(users, user, chosen));
            user.PasswordHash = users.PasswordHasher.HashPassword(user, chosen);
            user.AccessFailedCount = 0;
            data["generated"] = string.IsNullOrEmpty(password);
            // One-time: the administrator knows it, so its owner must choose their own at the next sign-in.
            if (!await db.UserClaims.AnyAsync(c => c.UserId == user.Id && c.ClaimType == PasswordChange.Claim))
                db.UserClaims.Add(new IdentityUserClaim<string> { UserId = user.Id, ClaimType = PasswordChange.Claim, ClaimValue = "true" });
        });
        return chosen;
    }

    /// <summary>Replaces the account's roles (at least one, from <see cref="Roles.All"/>).</summary>
    public Task SetRolesAsync(Actor actor, string userId, IReadOnlyCollection<string> roles) => ChangeAsync(actor, userId, "user.roles", async (db, user, data) =>
    {
        var wanted = roles.Select(r => Roles.All.FirstOrDefault(k => string.Equals(k, r.Trim(), StringComparison.OrdinalIgnoreCase))
                                       ?? throw new DomainException($"Unknown role '{r.Trim()}': one of {string.Join(", ", Roles.All)}.")).Distinct().ToList();
        if (wanted.Count == 0) throw new DomainException("An account needs at least one role.");
        if (!wanted.Contains(Roles.Admin)) await RequireAnotherAdminAsync(db, user, "demote");
        var ids = await db.Roles.Where(r => wanted.Contains(r.Name!)).ToDictionaryAsync(r => r.Name!, r => r.Id);
        db.UserRoles.RemoveRange(await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync());
        foreach (var r in wanted) db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = ids[r] });
        data["roles"] = new JsonArray([.. wanted.Order(StringComparer.Ordinal).Select(r => (JsonNode)r)]);
    });

    /// <summary>
    /// Loads the account, applies <paramref name="change"/>, gives it a new security stamp and saves it with its
    /// ledger event, all in one transaction.
    /// </summary>
    private async Task ChangeAsync(Actor actor, string userId, string action, Func<LedgerDbContext, AppUser, JsonObject, Task> change)
    {
        RequireAdmin(actor);
        await using var db = await dbs.CreateDbContextAsync();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId) ?? throw new DomainException("No such account.");
        var data = new JsonObject { ["user"] = user.Id, ["email"] = user.Email };
        await change(db, user, data);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.Record(actor, action);
        db.AddLedgerEvent(LedgerChains.Installation, data);
        await db.SaveChangesAsync();
    }

    private static async Task RequireAnotherAdminAsync(LedgerDbContext db, AppUser user, string what)
    {
        var roles = await RolesByUserAsync(db);
        if (!roles.GetValueOrDefault(user.Id, []).Contains(Roles.Admin)) return;
        var admins = roles.Where(kv => kv.Value.Contains(Roles.Admin)).Select(kv => kv.Key).ToList();
        var enabled = (await db.Users.AsNoTracking().Where(u => admins.Contains(u.Id) && u.Id != user.Id).ToListAsync()).Count(u => !AccountState.IsDisabled(u));
        if (enabled == 0) throw new DomainException($"This is the last enabled administrator: make another one before you {what} it.");
    }

    private static async Task<Dictionary<string, List<string>>> RolesByUserAsync(LedgerDbContext db) =>
        (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync())
        .GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order(StringComparer.Ordinal).ToList());

    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        // Identity's defaults want a digit, a lower- and an upper-case letter somewhere.
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 20)) + "a7Q";
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin) throw new DomainException("Only administrators manage accounts.");
    }

    private static void Throw(IdentityResult r)
    {
        if (!r.Succeeded) throw new DomainException(string.Join(" ", r.Errors.Select(e => e.Description)));
    }
}
