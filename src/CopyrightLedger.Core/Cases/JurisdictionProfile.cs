namespace CopyrightLedger.Core.Cases;

/// <summary>The profile codes a case can be assessed under. The profiles' content is data (a later feature).</summary>
public static class JurisdictionProfile
{
    public const string ChinaBeijingInternetCourt = "cn-bic";
    public const string UsCopyrightOffice = "us-usco";
    public const string Default = ChinaBeijingInternetCourt;

    public static IReadOnlyList<string> All { get; } = [ChinaBeijingInternetCourt, UsCopyrightOffice];

    public static string Require(string code)
    {
        var normalized = (code ?? "").Trim().ToLowerInvariant();
        return All.Contains(normalized)
            ? normalized
            : throw new DomainException($"Unknown jurisdiction profile '{code}'; known: {string.Join(", ", All)}.");
    }
}
