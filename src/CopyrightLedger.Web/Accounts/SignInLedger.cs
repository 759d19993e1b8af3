using System.Text.Json.Nodes;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// Records every sign-in attempt on the installation chain: who (the address as typed, and the account when one
/// matched), and whether it succeeded, failed or hit the lockout. A court can then see who could act when.
/// </summary>
public sealed class SignInLedger(IDbContextFactory<LedgerDbContext> dbs, UserManager<AppUser> users)
{
    public async Task RecordAsync(string email, SignInResult result, CancellationToken ct = default)
    {
        var typed = email.Length <= 256 ? email : email[..256];
        var user = await users.FindByEmailAsync(typed);
        var outcome = result.Succeeded ? "succeeded" : result.IsLockedOut ? "locked-out" : result.IsNotAllowed ? "not-allowed" : "failed";
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Record(user?.Id ?? "anonymous", user?.DisplayName ?? typed, "sign-in");
        db.AddLedgerEvent(LedgerChains.Installation, new JsonObject { ["email"] = typed, ["outcome"] = outcome });
        await db.SaveChangesAsync(ct);
    }
}
