using System.Net;
using System.Text;
using System.Text.Json;
using CopyrightLedger.Web.Features.Content;

namespace CopyrightLedger.Web.Tests;

/// <summary>Every response carries the CSP and the other headers; the report endpoint counts what the browser sends.</summary>
public sealed class SecurityHeaderTests : IDisposable
{
    private readonly LedgerFactory _app = new(seedSamples: false);

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/cases")]
    [InlineData("/no-such-page")]
    [InlineData("/app.css")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/culture/en?redirect=%2F")]
    public async Task Every_response_carries_the_policy_and_the_other_headers(string path)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Contains("report-uri /csp-report", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain http");
    }

    [Fact]
    public async Task Over_https_the_response_has_hsts_and_the_cookies_are_secure()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var response = await client.GetAsync("/culture/en?redirect=%2F");
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        var login = await client.GetAsync("/account/login");
        Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_http_the_culture_cookie_is_not_marked_secure()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture/en?redirect=%2F");
        Assert.DoesNotContain("secure", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_report_is_counted_and_shown_to_an_admin_only()
    {
        using var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        const string report = """{"csp-report":{"document-uri":"http://localhost/cases","violated-directive":"script-src-elem","effective-directive":"script-src-elem","blocked-uri":"inline","script-sample":"alert(1)"}}""";
        var posted = await anonymous.PostAsync(ContentSecurity.ReportPath, new StringContent(report, Encoding.UTF8, "application/csp-report"));
        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        await anonymous.PostAsync(ContentSecurity.ReportPath, new StringContent("not json" + new string('x', 100_000), Encoding.UTF8, "application/csp-report"));

        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(ContentSecurity.ReportPath)).StatusCode);
        using var admin = await _app.SignedInClientAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        using var json = JsonDocument.Parse(await admin.GetStringAsync(ContentSecurity.ReportPath));
        Assert.Equal(2, json.RootElement.GetProperty("total").GetInt64());
        var latest = json.RootElement.GetProperty("latest");
        Assert.Equal("script-src-elem", latest[0].GetProperty("directive").GetString());
        Assert.Equal("inline", latest[0].GetProperty("blocked").GetString());
        Assert.Equal("unreadable", latest[1].GetProperty("directive").GetString());
        Assert.True(latest[1].GetProperty("sample").GetString()!.Length < 400, "a huge body is cut, not kept");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) || response.Content.Headers.TryGetValues(name, out v)
            ? string.Join(",", v) : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage!.RequestUri}");
}
