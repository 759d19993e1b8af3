using System.Diagnostics;
using System.Net;

namespace CopyrightLedger.E2E;

/// <summary>
/// The published binary, started the way <c>./ledger serve</c> starts it, from a working directory that is not its
/// own: it serves the Blazor script, Radzen's and its own assets and a sign-in page, and keeps anonymous visitors out.
/// </summary>
public sealed class ServedAppTests(ServedAppTests.Running running) : IClassFixture<ServedAppTests.Running>
{
    /// <summary>One app process for the class: the tests only read from it or import into their own cases.</summary>
    public sealed class Running : IAsyncLifetime
    {
        public AppProcess App { get; private set; } = default!;
        public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

        public async Task InitializeAsync() => App = await AppProcess.StartAsync();

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await App.DisposeAsync();
        }
    }

    private AppProcess App => running.App;
    private HttpClient Http => running.Http;

    [Theory]
    [InlineData("/_framework/blazor.web.js", "javascript")]
    [InlineData("/_content/Radzen.Blazor/Radzen.Blazor.js", "javascript")]
    [InlineData("/_content/Radzen.Blazor/css/material-base.css", "text/css")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/brand/logo.svg", "image/svg+xml")]
    [InlineData("/account/login", "text/html")]
    public async Task Assets_and_the_sign_in_page_are_served(string path, string mediaType)
    {
        var response = await Http.GetAsync(App.BaseUrl + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(mediaType, response.Content.Headers.ContentType?.MediaType ?? "");
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{path} is nearly empty");
    }

    [Fact]
    public async Task An_anonymous_visitor_to_cases_is_sent_to_sign_in()
    {
        var response = await Http.GetAsync(App.BaseUrl + "/cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.PathAndQuery : response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void Start_up_says_how_to_sign_in() =>
        Assert.Contains($"sign in as {AppProcess.AdminEmail}", App.Output);

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

    private static Task<(int Exit, string Output)> RunAsync(string bin, params string[] args) => Tools.RunAsync(bin, args);

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
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Http.GetAsync(App.BaseUrl + "/account/login")).StatusCode);
    }

    [Fact]
    public async Task A_case_folder_imports_as_a_new_case_and_a_plain_folder_needs_a_case_name()
    {
        var (code, output) = await RunImportAsync(Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu"), caseName: null);
        Assert.Equal(0, code);
        Assert.Matches("case folder imported as case [0-9a-f-]{36}", output);
        (code, output) = await RunImportAsync(Path.Combine(AppProcess.RepoRoot, "samples", "li-v-liu", "images"), caseName: null);
        Assert.Equal(2, code);
        Assert.Contains("has no case.json: name the case with --case NAME", output);
    }

    private async Task<(int, string)> RunImportAsync(string folder, string? caseName = "CLI import")
    {
        string[] args = caseName is null ? ["import", folder] : ["import", folder, "--case", caseName];
        return await Tools.RunAsync(AppProcess.BinaryPath, new Dictionary<string, string> { ["Ledger__DataDirectory"] = App.DataDirectory }, args);
    }
}
