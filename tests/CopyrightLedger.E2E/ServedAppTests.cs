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

    [Fact]
    public async Task Inspect_prints_one_json_line_per_file_and_exits_2_when_one_is_unreadable()
    {
        var fixtures = Path.Combine(AppProcess.RepoRoot, "tests", "fixtures", "metadata");
        var (code, output) = await RunAsync(AppProcess.BinaryPath, "inspect", "--json", Path.Combine(fixtures, "comfyui-sdxl.png"), Path.Combine(fixtures, "chatgpt.png"), "/nonexistent.png");
        Assert.Equal(2, code);
        var lines = output.Trim().Split('\n').Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(("comfyui", "18446744073709551615"), (lines[0].GetProperty("generator").GetString(), lines[0].GetProperty("seed").GetString()));
        Assert.Equal("not validated", lines[1].GetProperty("c2pa").GetProperty("validation").GetString());
        Assert.True(lines[2].TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Import_on_the_command_line_runs_beside_the_app_and_a_second_run_adds_nothing()
    {
        var folder = Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images");
        var (code, output) = await RunImportAsync(folder);
        Assert.Equal(0, code);
        Assert.Contains("11 file(s): 11 new, 0 duplicate(s); 4 iteration(s)", output);
        (code, output) = await RunImportAsync(folder);
        Assert.Equal(0, code);
        Assert.Contains("11 file(s): 0 new, 0 duplicate(s); 0 iteration(s)", output);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _http.GetAsync(_app.BaseUrl + "/account/login")).StatusCode);
    }

    private async Task<(int, string)> RunImportAsync(string folder)
    {
        var psi = new ProcessStartInfo(AppProcess.BinaryPath, ["import", folder, "--case", "CLI import"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["Ledger__DataDirectory"] = _app.DataDirectory;
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output + errors);
    }
}
