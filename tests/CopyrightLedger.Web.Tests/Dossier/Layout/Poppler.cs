using System.Diagnostics;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

/// <summary>Runs the command-line PDF tools (poppler-utils, qpdf) on a file, the way a reader of the dossier would.</summary>
public static class Poppler
{
    public static (int Exit, string Output) Run(string tool, params string[] args) => Tools.Run(tool, args);

    /// <summary>The text of the whole file, or of one page (1-based), in reading layout.</summary>
    public static string Text(string pdf, int? page = null)
    {
        var args = page is { } n ? new[] { "-layout", "-f", $"{n}", "-l", $"{n}", pdf, "-" } : new[] { "-layout", pdf, "-" };
        var (exit, output) = Run("pdftotext", args);
        Assert.True(exit == 0, output);
        return output;
    }

    /// <summary>A signed file with the signing time, the CMS and the trailer's second ID blanked out: what two signings of one file share.</summary>
    public static string WithoutSignature(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        text = System.Text.RegularExpressions.Regex.Replace(text, @"/(M|ModDate)\(D:[^)]*\)", "/$1()");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"/Contents\s*<[0-9A-Fa-f]+>", "/Contents<>");
        return System.Text.RegularExpressions.Regex.Replace(text, @"/ID\[<([0-9A-F]+)><[0-9A-F]+>\]", "/ID[<$1><>]");
    }

    /// <summary>The CMS in the signature dictionary's /Contents: the DER value at its start, without the zero padding after it.</summary>
    public static System.Security.Cryptography.Pkcs.SignedCms SignatureCms(byte[] pdf)
    {
        var hex = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.Latin1.GetString(pdf), @"/Contents\s*<([0-9A-Fa-f]+)>").Groups[1].Value;
        var der = new System.Formats.Asn1.AsnReader(Convert.FromHexString(hex), System.Formats.Asn1.AsnEncodingRules.BER).ReadEncodedValue();
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(der.Span);
        return cms;
    }

    /// <summary>True when the signature carries an RFC 3161 time-stamp token over its own signature value.</summary>
    public static bool SignatureIsTimestamped(byte[] pdf)
    {
        var signer = SignatureCms(pdf).SignerInfos[0];
        var token = signer.UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        return token is not null && System.Security.Cryptography.Pkcs.Rfc3161TimestampToken.TryDecode(token.Values[0].RawData, out var decoded, out _)
            && decoded!.TokenInfo.GetMessageHash().Span.SequenceEqual(System.Security.Cryptography.SHA256.HashData(signer.GetSignature()));
    }

    public static int Pages(string pdf)
    {
        var (_, info) = Run("pdfinfo", pdf);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
