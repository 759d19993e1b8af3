using System.Security.Cryptography;
using CopyrightLedger.Web.Ledger;

namespace CopyrightLedger.Web.Tests;

public sealed class NativeSha256Tests
{
    [Fact]
    public void The_reused_openssl_context_gives_the_same_digests_as_dotnet()
    {
        Assert.True(NativeSha256.IsAvailable, "libcrypto.so.3 should load on this Debian machine");
        using var native = new NativeSha256();
        var random = new Random(256);
        Span<byte> digest = stackalloc byte[32];
        foreach (var length in new[] { 0, 1, 55, 56, 63, 64, 65, 469, 4096, 100_000 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            native.Hash(data, digest);
            Assert.Equal(SHA256.HashData(data), digest.ToArray());
        }
    }
}
