using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Accounts;

/// <summary>
/// <c>ledger user …</c> and <c>ledger member …</c>: withdraw or change access from the command line, through the same
/// services (and ledger events) as the Users page and the Members tab, acting as the command line
/// (docs/SECURITY.md, "Sign-in and access").
/// </summary>
public static class AccessCommands
{
    public const string UserUsage = "usage: ledger user disable|enable EMAIL | user reset-password EMAIL [--password-stdin] | user role EMAIL ROLE[,ROLE...]";
    public const string MemberUsage = "usage: ledger member remove --case NAME EMAIL | member role --case NAME EMAIL owner|creator|counsel|reviewer";

    public static async Task<int> UserAsync(string[] args)
    {
        if (args.Length < 2) throw new DomainException(UserUsage);
        await using var scope = await StartAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var actor = Actor.CommandLine();
        var id = await users.FindAsync(actor, args[1]);
        switch (args[0], args.Length)
        {
            case ("disable", 2):
                await users.DisableAsync(actor, id);
                Console.WriteLine($"{args[1]}: disabled; its sessions and API tokens no longer work");
                break;
            case ("enable", 2):
                await users.EnableAsync(actor, id);
                Console.WriteLine($"{args[1]}: enabled");
                break;
            case ("reset-password", 2):
                Console.WriteLine($"{args[1]}: new password (shown only now): {await users.ResetPasswordAsync(actor, id, null)}");
                break;
            case ("reset-password", 3) when args[2] == "--password-stdin":
                await users.ResetPasswordAsync(actor, id, Console.In.ReadLine()?.TrimEnd('\r', '\n') is { Length: > 0 } p ? p : throw new DomainException("no password on standard input."));
                Console.WriteLine($"{args[1]}: password set; its sessions have ended");
                break;
            case ("role", 3):
                await users.SetRolesAsync(actor, id, args[2].Split(',', StringSplitOptions.RemoveEmptyEntries));
                Console.WriteLine($"{args[1]}: roles {args[2]}");
                break;
            default: throw new DomainException(UserUsage);
        }
        return 0;
    }

    public static async Task<int> MemberAsync(string[] args)
    {
        if (args.Length < 4 || args[1] != "--case") throw new DomainException(MemberUsage);
        await using var scope = await StartAsync();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        Guid caseId;
        await using (var context = await db.CreateDbContextAsync()) caseId = (await CliServices.OneCaseNamedAsync(context, args[2])).Id;
        var actor = Actor.CommandLine();
        var userId = await scope.ServiceProvider.GetRequiredService<UserAdminService>().FindAsync(actor, args[3]);
        var cases = scope.ServiceProvider.GetRequiredService<CaseService>();
        switch (args[0], args.Length)
        {
            case ("remove", 4):
                await cases.RemoveMemberAsync(actor, caseId, userId);
                Console.WriteLine($"{args[3]}: removed from the case");
                break;
            case ("role", 5):
                var role = Enum.TryParse<CaseRole>(args[4], ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : throw new DomainException(MemberUsage);
                await cases.ChangeMemberRoleAsync(actor, caseId, userId, role);
                Console.WriteLine($"{args[3]}: {role} in the case");
                break;
            default: throw new DomainException(MemberUsage);
        }
        return 0;
    }

    private static async Task<AsyncServiceScope> StartAsync()
    {
        var services = CliServices.Build();
        await DatabaseInitializer.MigrateAsync(services.GetRequiredService<IDbContextFactory<LedgerDbContext>>(), default);
        return services.CreateAsyncScope();
    }
}
