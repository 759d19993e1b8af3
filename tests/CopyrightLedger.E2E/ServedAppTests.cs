using System.Diagnostics;
using System.Net;

namespace CopyrightLedger.E2E;

/// <summary>
/// The published binary, started the way <c>./ledger serve</c> starts it, from a working directory that is not its
/// own: it serves the Blazor script, Radzen's and its own assets and a sign-in page, and keeps anonymous visitors out.
/// </summary>
public sealed class ServedAppTests : IAsyncLifetime
{
    private AppProcess _app = default!;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js", "javascript")]
    [InlineData("/_content/Radzen.Blazor/Radzen.Blazor.js", "javascript")]
    [InlineData("/_content/Radzen.Blazor/css/material-base.css", "text/css")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/brand/logo.svg", "image/svg+xml")]
    [InlineData("/account/login", "text/html")]
    public async Task Assets_and_the_sign_in_page_are_served(string path, string mediaType)
    {
        var response = await _http.GetAsync(_app.BaseUrl + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(mediaType, response.Content.Headers.ContentType?.MediaType ?? "");
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is nearly empty");
    }

    [Fact]
    public async Task An_anonymous_visitor_to_cases_is_sent_to_sign_in()
    {
        var response = await _http.GetAsync(_app.BaseUrl + "/cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.PathAndQuery : response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void Start_up_says_how_to_sign_in() =>
        Assert.Contains($"sign in as {AppProcess.AdminEmail}", _app.Output);

    [Fact]
    public async Task Command_line_verbs_run_without_the_web_host_and_errors_are_one_line()
    {
        var bin = AppProcess.BinaryPath;
        var (code, output) = await RunAsync(bin, "help");
        Assert.Equal(0, code);
        Assert.Contains("make-samples", output);
        (code, output) = await RunAsync(bin, "make-samples", "/nonexistent/folder");
        Assert.Equal(2, code);
        Assert.Single(output.Trim().Split('\n'));
        Assert.Contains("ledger make-samples:", output);
    }

    private static async Task<(int, string)> RunAsync(string bin, params string[] args)
    {
        var psi = new ProcessStartInfo(bin, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }
}
