using CopyrightLedger.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Accounts;

public sealed record UserView(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>Accounts, managed by administrators.</summary>
public sealed class UserAdminService(UserManager<AppUser> users)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(Actor actor)
    {
        RequireAdmin(actor);
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        var result = new List<UserView>();
        foreach (var u in all) result.Add(new UserView(u.Id, u.Email ?? "", u.DisplayName, [.. await users.GetRolesAsync(u)]));
        return result;
    }

    public async Task<string> CreateAsync(Actor actor, string email, string displayName, string password, string role)
    {
        RequireAdmin(actor);
        if (!Roles.All.Contains(role)) throw new DomainException($"Unknown role '{role}'.");
        var user = new AppUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName.Trim() };
        Throw(await users.CreateAsync(user, password));
        Throw(await users.AddToRoleAsync(user, role));
        return user.Id;
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
