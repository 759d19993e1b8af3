using System.Net;

namespace CopyrightLedger.Web.Tests;

/// <summary>The language switch (<c>/culture/{culture}</c>) is public, so what it redirects to is checked like any input.</summary>
public sealed class LanguageSwitchTests(LanguageSwitchTests.Host host) : IClassFixture<LanguageSwitchTests.Host>
{
    public sealed class Host : IDisposable
    {
        public LedgerFactory App { get; } = new(seedSamples: false);

        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("/cases", "/cases")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\t/evil.example/", "/")]
    public async Task The_switch_goes_back_only_to_a_path_of_this_app(string redirect, string expected)
    {
        var client = host.App.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture/zh-Hans?redirect={Uri.EscapeDataString(redirect)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }
}
