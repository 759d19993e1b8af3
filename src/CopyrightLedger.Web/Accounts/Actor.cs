using System.Security.Claims;

namespace CopyrightLedger.Web.Accounts;

/// <summary>Who is asking: every feature service takes one, and checks case membership with it.</summary>
public sealed record Actor(string UserId, string DisplayName, bool IsAdmin, bool IsReviewerOnly)
{
    public static Actor From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
                 ?? throw new UnauthorizedAccessException("Not signed in.");
        var name = user.FindFirstValue("display_name") ?? user.Identity?.Name ?? id;
        var reviewerOnly = user.IsInRole(Roles.Reviewer)
                           && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Creator) && !user.IsInRole(Roles.Counsel);
        return new Actor(id, name, user.IsInRole(Roles.Admin), reviewerOnly);
    }

    /// <summary>
    /// Whoever runs a command-line verb on the data folder: they hold the database file, so membership checks would
    /// protect nothing; the ledger names them as the operating-system user.
    /// </summary>
    public static Actor CommandLine() => new("command-line", Environment.UserName + " (command line)", IsAdmin: true, IsReviewerOnly: false) { IsCommandLine = true };

    public bool IsCommandLine { get; private init; }

    /// <summary>Who a ledger event names: this actor's id and the name they go by.</summary>
    public (string Id, string Name) Named => (UserId, DisplayName);
}
