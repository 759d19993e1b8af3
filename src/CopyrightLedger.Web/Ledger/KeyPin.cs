using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CopyrightLedger.Core;

namespace CopyrightLedger.Web.Ledger;

/// <summary>The key a reader expects, as they were given it: a fingerprint in any usual spelling, or a public key file.</summary>
public static partial class KeyPin
{
    /// <summary>
    /// The 64-hex-digit SHA-256 fingerprint from <c>ab12cd34 …</c>, <c>AB:12:…</c>, <c>SHA256:ab12…</c>, or a PEM public
    /// key file; a <see cref="DomainException"/> for anything else (a shortened fingerprint is refused: it pins too little).
    /// </summary>
    public static string Parse(string value)
    {
        if (File.Exists(value))
        {
            if (new FileInfo(value).Length > 16_384) throw new DomainException($"{value}: too large to be a public key.");
            var text = File.ReadAllText(value);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                try { return SigningKey.FingerprintOfPem(text); }
                catch (CryptographicException e) { throw new DomainException($"{value}: {e.Message}."); }
            }
            value = text;
        }
        return TryParseText(value) ?? throw new DomainException("a key is pinned by its whole SHA-256 fingerprint (64 hex digits) or a PEM public key file.");
    }

    /// <summary>A fingerprint from a form field: null when it is empty or not a fingerprint.</summary>
    public static string? TryParseText(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        var hex = Spelling().Replace(trimmed.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? trimmed[7..] : trimmed, "").ToLowerInvariant();
        return FullFingerprint().IsMatch(hex) ? hex : null;
    }

    [GeneratedRegex(@"[\s:]")]
    private static partial Regex Spelling();

    [GeneratedRegex(@"\A[0-9a-f]{64}\z")]
    private static partial Regex FullFingerprint();
}
