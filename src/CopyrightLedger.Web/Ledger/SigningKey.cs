using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// The installation's ECDSA P-256 key that signs checkpoints, created on first use under
/// <c>&lt;data&gt;/keys/ledger-signing.pem</c>, readable by the owner only. Its public half goes into every export,
/// so a signature can be checked with <c>openssl dgst -sha256 -verify</c> and nothing of ours.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    public SigningKey(IOptions<LedgerOptions> options, TimeProvider clock)
    {
        _clock = clock;
        var folder = Path.Combine(options.Value.FullDataDirectory, "keys");
        Storage.OwnerOnly.CreateFolder(folder);
        PrivateKeyPath = Path.Combine(folder, "ledger-signing.pem");
        _key = ECDsa.Create();
        if (File.Exists(PrivateKeyPath)) _key.ImportFromPem(File.ReadAllText(PrivateKeyPath));
        else Create();
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        Fingerprint = FingerprintOf(_key);
        KeyId = Fingerprint[..16];
    }

    public string PrivateKeyPath { get; }
    public string PublicKeyPem { get; }
    /// <summary>
    /// The SHA-256 of the public key (SubjectPublicKeyInfo, DER), 64 hex digits: what a reader compares with the value
    /// printed on a dossier's cover and on the installation page (<c>openssl pkey -pubin -outform DER | sha256sum</c>).
    /// </summary>
    public string Fingerprint { get; }
    /// <summary>The first 16 hex digits of <see cref="Fingerprint"/>, as checkpoint texts name the key.</summary>
    public string KeyId { get; }

    /// <summary>The fingerprint written in groups of eight, for a person to compare by eye.</summary>
    public static string Grouped(string fingerprint) => string.Join(' ', fingerprint.Chunk(8).Select(c => new string(c)));

    /// <summary>
    /// The fingerprint of the one ECDSA P-256 public key in <paramref name="pem"/>; throws <see cref="CryptographicException"/>
    /// when the text holds no such key, more than one, or a key of another kind.
    /// </summary>
    public static string FingerprintOfPem(string pem)
    {
        if (System.Text.RegularExpressions.Regex.Matches(pem, "-----BEGIN ").Count != 1 || !pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            throw new CryptographicException("the file must hold exactly one PUBLIC KEY block");
        using var key = ECDsa.Create();
        try { key.ImportFromPem(pem); }
        catch (Exception e) when (e is ArgumentException or PlatformNotSupportedException) { throw new CryptographicException(e.Message, e); }
        if (key.ExportParameters(false).Curve.Oid.Value != "1.2.840.10045.3.1.7") throw new CryptographicException("the key is not an ECDSA P-256 key");
        return FingerprintOf(key);
    }

    private static string FingerprintOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>An ASN.1 DER signature (what <c>openssl dgst -sign</c> writes) over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>
    /// A self-signed X.509 certificate for this key (a PDF signature needs one), made on first use and kept beside the
    /// key as <c>ledger-signing.crt</c>, so every dossier names the same signer. It asserts nothing beyond "this
    /// installation's key": a court checks it against the public key printed in the dossier and in every bundle.
    /// </summary>
    public X509Certificate2 Certificate()
    {
        lock (_gate)
        {
            var path = Path.ChangeExtension(PrivateKeyPath, ".crt");
            if (!File.Exists(path))
            {
                var request = new CertificateRequest($"CN=CopyrightLedger installation {KeyId}, O=CopyrightLedger", _key, HashAlgorithmName.SHA256);
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
                var now = _clock.GetUtcNow();
                using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(30));
                File.WriteAllText(path + ".part", made.ExportCertificatePem());
                File.Move(path + ".part", path, overwrite: true);
            }
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            return certificate.CopyWithPrivateKey(_key);
        }
    }

    public static bool Verify(string publicKeyPem, byte[] data, byte[] derSignature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return key.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private void Create()
    {
        _key.GenerateKey(ECCurve.NamedCurves.nistP256);
        var temp = PrivateKeyPath + ".part";
        // Owner-only from the moment the file exists; written in full, then renamed into place.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temp, options))
        using (var writer = new StreamWriter(file))
            writer.Write(_key.ExportPkcs8PrivateKeyPem());
        File.Move(temp, PrivateKeyPath);
    }

    public void Dispose() => _key.Dispose();
}
