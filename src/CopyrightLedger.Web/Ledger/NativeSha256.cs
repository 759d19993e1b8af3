using System.Runtime.InteropServices;
using CopyrightLedger.Core.Ledger;

namespace CopyrightLedger.Web.Ledger;

/// <summary>
/// SHA-256 through the system's OpenSSL with one digest context reused per thread. .NET's own SHA-256 also calls
/// OpenSSL but sets up a context per call, which on short inputs (an event is a few hundred bytes) costs more than
/// the hashing; reusing one makes chain verification about 1.5 times faster (bench/README.md). Used only where
/// libcrypto 3 loads; otherwise the caller falls back to .NET's.
/// </summary>
internal sealed partial class NativeSha256 : ChainScanner.IHasher
{
    private const string Library = "libcrypto.so.3";
    // Static initializers run in this order: the library's presence first, then the digest it provides.
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && NativeLibrary.TryLoad(Library, out _);
    private static readonly IntPtr Sha256 = IsAvailable ? EVP_sha256() : IntPtr.Zero;
    private readonly IntPtr _ctx = EVP_MD_CTX_new();

    public unsafe void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        uint length = 0;
        fixed (byte* d = data)
        fixed (byte* h = digest)
        {
            if (EVP_DigestInit_ex(_ctx, Sha256, IntPtr.Zero) != 1 || EVP_DigestUpdate(_ctx, d, (nuint)data.Length) != 1
                || EVP_DigestFinal_ex(_ctx, h, ref length) != 1 || length != 32)
                throw new System.Security.Cryptography.CryptographicException("OpenSSL could not compute a SHA-256 digest.");
        }
    }

    public void Dispose() => EVP_MD_CTX_free(_ctx);

    [LibraryImport(Library)] private static partial IntPtr EVP_sha256();
    [LibraryImport(Library)] private static partial IntPtr EVP_MD_CTX_new();
    [LibraryImport(Library)] private static partial void EVP_MD_CTX_free(IntPtr ctx);
    [LibraryImport(Library)] private static partial int EVP_DigestInit_ex(IntPtr ctx, IntPtr type, IntPtr engine);
    [LibraryImport(Library)] private static unsafe partial int EVP_DigestUpdate(IntPtr ctx, byte* data, nuint count);
    [LibraryImport(Library)] private static unsafe partial int EVP_DigestFinal_ex(IntPtr ctx, byte* digest, ref uint size);
}
