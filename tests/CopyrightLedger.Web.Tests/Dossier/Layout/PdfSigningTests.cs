using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using CopyrightLedger.Web.Features.Dossier.Layout;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

public sealed class PdfSigningTests : IDisposable
{
    private readonly TempDir _dir = new();
    private static readonly byte[] Unsigned = PdfRenderer.Render(SampleDocument.Build());

    private static X509Certificate2 Certificate(bool rsa)
    {
        var name = new X500DistinguishedName("CN=CopyrightLedger Test Signer");
        var request = rsa
            ? new CertificateRequest(name, RSA.Create(2048), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(name, ECDsa.Create(ECCurve.NamedCurves.nistP256), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private string Pdfsig(byte[] pdf, string name)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, pdf);
        return Poppler.Run("pdfsig", path).Output;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_signed_dossier_is_reported_valid_by_pdfsig(bool rsa)
    {
        using var cert = Certificate(rsa);
        var signed = PdfSigning.Sign(Unsigned, cert);
        var report = Pdfsig(signed, rsa ? "rsa.pdf" : "ecdsa.pdf");
        Assert.Contains("Signature is Valid", report);
        Assert.Contains("CopyrightLedger Test Signer", report);
        Assert.Contains(Poppler.Text(Path.Combine(_dir.Path, rsa ? "rsa.pdf" : "ecdsa.pdf")), Poppler.Text(Write(Unsigned)));
    }

    private string Write(byte[] pdf)
    {
        var path = Path.Combine(_dir.Path, "unsigned.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    [Fact]
    public void A_changed_byte_makes_the_signature_invalid()
    {
        using var cert = Certificate(rsa: false);
        var signed = PdfSigning.Sign(Unsigned, cert);
        var at = Encoding.Latin1.GetString(signed).IndexOf("Evidence dossier", StringComparison.Ordinal);
        signed[at] = (byte)'e';
        Assert.DoesNotContain("Signature is Valid", Pdfsig(signed, "tampered.pdf"));
    }

    [Fact]
    public async Task A_timestamp_authority_token_goes_into_the_signature()
    {
        using var tsa = new OpensslTsa();
        tsa.Start();
        using var cert = Certificate(rsa: false);
        var signed = await PdfSigning.SignAsync(Unsigned, cert, new Uri(tsa.Url));
        Assert.True(tsa.Answered >= 1); // PdfSharpDefaultSigner asks once more to learn the size of the token
        Assert.Contains("Signature is Valid", Pdfsig(signed, "stamped.pdf"));
        var token = Poppler.SignatureCms(signed).SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.14");
        Assert.True(Rfc3161TimestampToken.TryDecode(token.Values[0].RawData, out var decoded, out _));
        Assert.Equal(SHA256.HashData(Poppler.SignatureCms(signed).SignerInfos[0].GetSignature()), decoded!.TokenInfo.GetMessageHash().ToArray());
    }

    [Fact]
    public void Two_signatures_of_the_same_file_differ_only_in_signing_time_cms_and_instance_id()
    {
        using var cert = Certificate(rsa: false);
        var first = PdfSigning.Sign(Unsigned, cert);
        Thread.Sleep(1100);
        var second = PdfSigning.Sign(Unsigned, cert);
        Assert.False(first.AsSpan().SequenceEqual(second));
        Assert.Equal(Poppler.WithoutSignature(first), Poppler.WithoutSignature(second));
        // The unsigned file's XMP identifiers survive signing.
        var xmp = Regex.Match(Encoding.Latin1.GetString(Unsigned), "<xmpMM:DocumentID>uuid:[^<]+").Value;
        Assert.Contains(xmp, Encoding.Latin1.GetString(first));
    }

    public void Dispose() => _dir.Dispose();
}
