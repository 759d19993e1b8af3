using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Accounts;

/// <summary>The <c>Ledger:SignIn</c> section: how hard the sign-in form may be hit (docs/SECURITY.md, "Sign-in and access").</summary>
public sealed class SignInLimits
{
    public const string Section = "Ledger:SignIn";

    /// <summary>Sign-in attempts one client address may make per minute.</summary>
    [Range(1, 100_000)] public int PerAddressPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts all clients together may make per minute: an attacker with many addresses still meets it.</summary>
    [Range(1, 1_000_000)] public int GlobalPerMinute { get; set; } = 300;

    /// <summary>Failed passwords in a row after which an account is locked for <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 1000)] public int LockoutFailures { get; set; } = 10;

    [Range(1, 24 * 60)] public int LockoutMinutes { get; set; } = 5;

    /// <summary>Failed attempts at one account name within this many minutes make one ledger event.</summary>
    [Range(1, 24 * 60)] public int FailureWindowMinutes { get; set; } = 10;
}

/// <summary>
/// ASP.NET Core's rate limiter on the sign-in form's POST: per client address and for all clients together. A
/// refused attempt gets 429 with a page in the visitor's language and a <c>Retry-After</c>; nothing else is limited.
/// </summary>
public static class SignInRateLimits
{
    public const string LoginPath = "/account/login";

    public static IServiceCollection AddLedgerSignInLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInLimits>().BindConfiguration(SignInLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInLimits>>((o, limits) =>
        {
            var perAddress = limits.Value.PerAddressPerMinute;
            var global = limits.Value.GlobalPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("address " + ClientOf(http), _ => Window(perAddress))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("all", _ => Window(global))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = RefuseAsync;
        });
        return services;
    }

    public static bool IsSignIn(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && string.Equals(http.Request.Path.Value?.TrimEnd('/'), LoginPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The client an address stands for: an IPv4 address, or the /64 network of an IPv6 one (one subscriber holds a
    /// whole /64 and could otherwise take a fresh address for every attempt).
    /// </summary>
    public static string ClientOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name;
        http.Response.ContentType = "text/html; charset=utf-8";
        var message = System.Net.WebUtility.HtmlEncode(string.Format(System.Globalization.CultureInfo.CurrentCulture, l["Login_TooMany"], seconds));
        await http.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>CopyrightLedger</title><link rel="stylesheet" href="/app.css"></head>
            <body><main class="ledger-main"><h1>{System.Net.WebUtility.HtmlEncode(l["Login_Title"])}</h1>
            <div class="ledger-error" role="alert" id="too-many">{message}</div>
            <p><a href="{LoginPath}">{System.Net.WebUtility.HtmlEncode(l["Login_TryAgain"])}</a></p></main></body></html>
            """, ct);
    }
}
