using Microsoft.AspNetCore.Identity;

namespace CopyrightLedger.Web.Accounts;

/// <summary>The first start of an empty database creates the roles and one administrator.</summary>
public static class AdminBootstrap
{
    /// <summary>Returns the administrator the samples are given to, or null when the installation already had users.</summary>
    public static async Task<AppUser?> EnsureAdminAsync(IServiceProvider sp, LedgerOptions.AdminOptions admin, CancellationToken ct)
    {
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        var users = sp.GetRequiredService<UserManager<AppUser>>();
        if (users.Users.Any())
            return await users.FindByEmailAsync(admin.Email) is { } existing && await users.IsInRoleAsync(existing, Roles.Admin) ? existing : null;

        var generated = string.IsNullOrEmpty(admin.Password);
        var password = generated ? UserAdminService.GeneratePassword() : admin.Password!;
        var user = new AppUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true, DisplayName = "Administrator" };
        Check(await users.CreateAsync(user, password), "create the administrator");
        Check(await users.AddToRolesAsync(user, [Roles.Admin, Roles.Creator, Roles.Counsel]), "give the administrator its roles");
        // Printed once, to the console of the person who started the server: it is not stored anywhere in clear.
        Console.WriteLine();
        Console.WriteLine($"  Administrator created: {admin.Email}");
        Console.WriteLine(generated
            ? $"  Generated password (shown only now): {password}"
            : "  Password: the one configured in Ledger:Admin:Password");
        Console.WriteLine();
        return user;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
