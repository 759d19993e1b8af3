using System.Net;

namespace CopyrightLedger.Web.Tests;

/// <summary>/culture/{name}?redirect=: the language switch goes back to a page of this app and nowhere else.</summary>
public sealed class CultureSwitchTests : IDisposable
{
    private readonly LedgerFactory _app = new(seedSamples: false);

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/cases/1?tab=notes", "/cases/1?tab=notes")]
    [InlineData("/", "/")]
    public async Task The_switch_goes_back_to_a_page_of_the_app(string redirect, string expected)
    {
        var response = await SwitchAsync(Uri.EscapeDataString(redirect));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\r\n/evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("  //evil.example/")]
    [InlineData("cases")]
    [InlineData("/%5Cevil.example/")]
    public async Task Any_other_target_goes_to_the_start_page_never_to_another_host_nor_a_500(string redirect)
    {
        var response = await SwitchAsync(Uri.EscapeDataString(redirect));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(location == "/" || location == redirect && redirect.StartsWith("/%5C", StringComparison.Ordinal),
            $"{redirect} led to {location}");
    }

    [Fact]
    public async Task An_unknown_culture_is_a_400()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/culture/xx-evil?redirect=%2F");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SwitchAsync(string escapedRedirect)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        return await client.GetAsync($"/culture/zh-Hans?redirect={escapedRedirect}");
    }
}
