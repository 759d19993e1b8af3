using System.Security.Cryptography.X509Certificates;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using PdfSharp.Pdf.Signatures;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Who signs and why, as shown by PDF readers in the signature panel.</summary>
public sealed record SignatureDetails(string Reason = "Evidence dossier issued by CopyrightLedger", string Location = "", string ContactInfo = "");

/// <summary>
/// Signs a finished PDF with a certificate that has its private key (ECDSA P-256 or RSA), through PDFsharp 6.2.4's
/// <see cref="DigitalSignatureHandler"/> and <see cref="PdfSharpDefaultSigner"/> (CMS/PKCS #7 detached, SHA-256,
/// adbe.pkcs7.detached). With a time-stamping authority, its RFC 3161 token is added as an unsigned attribute; the
/// TSA is asked twice per signing, because PDFsharp's signer makes a trial signature to learn the size.
/// The signature is invisible (no widget on the page). PDFsharp rewrites the whole file rather than appending an
/// incremental update, with random XMP DocumentID/InstanceID; <see cref="IdStream"/> puts the unsigned file's back as
/// the bytes are written, before the signature's digest is computed. Two signatures of the same file then differ in
/// the signing time (the signature's /M, and the Info /ModDate PDFsharp sets while signing), the CMS in /Contents,
/// and the second trailer /ID, which PDFsharp draws anew for the changed file (as the PDF specification intends).
/// </summary>
public static class PdfSigning
{
    public static async Task<byte[]> SignAsync(byte[] pdf, X509Certificate2 certificate, Uri? timestampAuthority = null, SignatureDetails? details = null)
    {
        if (!certificate.HasPrivateKey) throw new ArgumentException("The signing certificate has no private key.", nameof(certificate));
        details ??= new SignatureDetails();
        using var doc = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Modify);
        var options = new DigitalSignatureOptions
        {
            Reason = details.Reason,
            Location = details.Location,
            ContactInfo = details.ContactInfo,
            AppName = "CopyrightLedger",
        };
        var signer = new RoundedSizeSigner(new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256, timestampAuthority));
        DigitalSignatureHandler.ForDocument(doc, signer, options);
        // New streams stay uncompressed: PDFsharp's Flate output lacks the zlib checksum (see PdfFinisher).
        doc.Options.NoCompression = true;
        doc.Internals.Catalog.Elements.Remove("/Metadata"); // PDFsharp writes a new packet; the old one would linger
        using var output = new IdStream(pdf);
        await doc.SaveAsync(output);
        return output.ToArray();
    }

    public static byte[] Sign(byte[] pdf, X509Certificate2 certificate, Uri? timestampAuthority = null, SignatureDetails? details = null) =>
        SignAsync(pdf, certificate, timestampAuthority, details).GetAwaiter().GetResult();

    /// <summary>
    /// PDFsharp sizes the /Contents placeholder from a trial signature, whose length varies (DER-encoded ECDSA values,
    /// time-stamp tokens); a size rounded up to 1 KiB keeps the file's layout the same from one signing to the next.
    /// </summary>
    private sealed class RoundedSizeSigner(IDigitalSigner inner) : IDigitalSigner
    {
        public string CertificateName => inner.CertificateName;
        public async Task<int> GetSignatureSizeAsync() => (await inner.GetSignatureSizeAsync() + 64 + 1023) / 1024 * 1024;
        public Task<byte[]> GetSignatureAsync(Stream stream) => inner.GetSignatureAsync(stream);
    }

    /// <summary>Puts the unsigned file's XMP DocumentID and InstanceID (36-character UUIDs) back into what PDFsharp writes.</summary>
    private sealed class IdStream(byte[] original) : MemoryStream
    {
        private static readonly (string Element, int Length)[] Elements = [("<xmpMM:DocumentID>uuid:", 36), ("<xmpMM:InstanceID>uuid:", 36)];
        private readonly string?[] _ids = [.. Elements.Select(e => Find(Encoding.Latin1.GetString(original), e))];

        private static string? Find(string text, (string Element, int Length) e)
        {
            var at = text.LastIndexOf(e.Element, StringComparison.Ordinal);
            return at < 0 || at + e.Element.Length + e.Length > text.Length ? null : text.Substring(at + e.Element.Length, e.Length);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            var text = Encoding.Latin1.GetString(buffer, offset, count);
            var patched = false;
            for (var i = 0; i < Elements.Length; i++)
            {
                var (element, length) = Elements[i];
                var at = text.IndexOf(element, StringComparison.Ordinal);
                if (at < 0 || _ids[i] is not { } id || at + element.Length + length > text.Length) continue;
                text = string.Concat(text.AsSpan(0, at + element.Length), id, text.AsSpan(at + element.Length + length));
                patched = true;
            }
            if (patched) base.Write(Encoding.Latin1.GetBytes(text), 0, count);
            else base.Write(buffer, offset, count);
        }
    }
}
