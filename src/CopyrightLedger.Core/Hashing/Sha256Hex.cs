using System.Security.Cryptography;

namespace CopyrightLedger.Core.Hashing;

/// <summary>A SHA-256 digest as 64 lower-case hex digits: the name of every blob and the link of every record.</summary>
public readonly record struct Sha256Hex
{
    private Sha256Hex(string value) => Value = value;

    public string Value { get; }

    public static Sha256Hex Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException($"'{text}' is not a SHA-256 hex digest.");

    public static bool TryParse(string? text, out Sha256Hex hash)
    {
        hash = default;
        if (text is null || text.Length != 64) return false;
        foreach (var c in text)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        hash = new Sha256Hex(text);
        return true;
    }

    public static Sha256Hex Of(ReadOnlySpan<byte> data) => new(Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Sha256Hex Of(Stream stream) => new(Convert.ToHexStringLower(SHA256.HashData(stream)));

    public static Sha256Hex FromDigest(ReadOnlySpan<byte> digest) =>
        digest.Length == 32 ? new(Convert.ToHexStringLower(digest)) : throw new ArgumentException("A SHA-256 digest has 32 bytes.");

    public override string ToString() => Value ?? "";
}
