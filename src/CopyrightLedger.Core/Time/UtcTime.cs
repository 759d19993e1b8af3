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

    /// <summary>The time as the source wrote it, in its own offset when known, else in UTC.</summary>
    public DateTimeOffset Local => new DateTimeOffset(DateTime.SpecifyKind(Utc, DateTimeKind.Utc))
        .ToOffset(TimeSpan.FromMinutes(OffsetMinutes ?? 0));

    public override string ToString() => OffsetMinutes is null ? Utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : Local.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
}
