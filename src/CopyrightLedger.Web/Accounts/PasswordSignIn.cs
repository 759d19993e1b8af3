using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// Signs in with an e-mail address and a password doing the same work whether or not the account exists: when there
/// is no such account, or it is locked or disabled (Identity would answer those at once), the password is still
/// verified, against a hash made at start with the same hasher, so the response time tells nothing
/// (docs/SECURITY.md, "Sign-in and access").
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher)
{
    private static readonly AppUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static string? _dummyHash;

    public async Task<SignInResult> SignInAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            _dummyHash ??= hasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
            if (user is null) return SignInResult.Failed;
        }
        return await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
    }
}
