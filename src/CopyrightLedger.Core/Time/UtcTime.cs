namespace CopyrightLedger.Core;

/// <summary>Times are stored in UTC; a source's own offset, where it states one, is kept beside it.</summary>
public static class UtcTime
{
    public static DateTime Require(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        _ => throw new DomainException($"Time {value:O} must be UTC."),
    };

    public static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}

/// <summary>
/// A time as a source states it: the instant in UTC, and the source's UTC offset in minutes when it gave one
/// (an A1111 PNG gives none; an XMP <c>stEvt:when</c> or a note's front matter usually does).
/// </summary>
public readonly record struct SourceTime(DateTime Utc, int? OffsetMinutes)
{
    public static SourceTime From(DateTimeOffset value) =>
        new(value.UtcDateTime, (int)value.Offset.TotalMinutes);

    public static SourceTime FromUtc(DateTime utc) => new(UtcTime.Require(utc), null);

    private static readonly string[] ClaimFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy:MM:dd HH:mm:sszzz", "yyyy:MM:dd HH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>
    /// Reads a time as files write it (ISO 8601 with <c>Z</c> or an offset; EXIF <c>yyyy:MM:dd HH:mm:ss</c> plus an
    /// OffsetTime). A time without a zone names no instant, so it gives null: the raw text stays in the file's chunks.
    /// </summary>
    public static SourceTime? TryParseClaim(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        var zulu = t.EndsWith('Z');
        var hasOffset = t.Length > 6 && (t[^6] is '+' or '-') && t[^3] == ':';
        if (!zulu && !hasOffset) return null;
        if (!DateTimeOffset.TryParseExact(text.Trim(), ClaimFormats, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var value)) return null;
        return zulu ? FromUtc(value.UtcDateTime) : From(value);
    }

    /// <summary>The time as the source wrote it, in its own offset when known, else in UTC.</summary>
    public DateTimeOffset Local => new DateTimeOffset(DateTime.SpecifyKind(Utc, DateTimeKind.Utc))
        .ToOffset(TimeSpan.FromMinutes(OffsetMinutes ?? 0));

    public override string ToString() => OffsetMinutes is null ? Utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : Local.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
}
