using Microsoft.AspNetCore.Identity;

namespace CopyrightLedger.Web.Accounts;

public sealed class AppUser : IdentityUser
{
    /// <summary>The name shown on records this person makes, e.g. in a selection's "selected by".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The display name, or the e-mail address when none is set: how the app and the ledger name this person.</summary>
    public string NameToShow => string.IsNullOrWhiteSpace(DisplayName) ? Email ?? Id : DisplayName;
}

/// <summary>Account-wide roles. What a person may do inside one case is their <c>CaseRole</c> there.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Creator = "Creator";
    public const string Counsel = "Counsel";
    public const string Reviewer = "Reviewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Creator, Counsel, Reviewer];
}
