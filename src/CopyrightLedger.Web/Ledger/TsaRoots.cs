using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// The root certificates of time-stamping authorities a reader trusts, in PEM, from <c>ledger verify --tsa-ca</c>
/// or the Verify page: with them a bundle's time-stamps are checked to chain to a root the reader chose, not only to
/// verify (docs/SECURITY.md).
/// </summary>
public static class TsaRoots
{
    /// <summary>More than any list of roots a person pastes; a longer text is refused unread.</summary>
    public const int MaxPemChars = 1 << 20;

    /// <summary>The certificates in <paramref name="pem"/>; null when it holds none, cannot be read or is too long.</summary>
    public static X509Certificate2Collection? FromPem(string pem)
    {
        if (pem.Length > MaxPemChars) return null;
        var roots = new X509Certificate2Collection();
        try { roots.ImportFromPem(pem); }
        catch (CryptographicException) { return null; }
        return roots.Count == 0 ? null : roots;
    }
}
