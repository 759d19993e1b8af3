using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CopyrightLedger.E2E;

/// <summary>
/// The published app, the very binary <c>./ledger serve</c> runs, started on a free loopback port with its own
/// empty data folder. <c>./ledger test</c> publishes it first and passes its path in <c>LEDGER_APP_BIN</c>.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@e2e.local";
    public const string AdminPassword = "E2e-admin-password-1";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string BaseUrl { get; }
    public string DataDirectory { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The served app's peak resident memory so far (VmHWM of /proc/PID/status), in KiB.</summary>
    public long PeakMemoryKiB() =>
        long.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    private AppProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string BinaryPath { get; } =
        Environment.GetEnvironmentVariable("LEDGER_APP_BIN") is { Length: > 0 } b ? b : Path.Combine(RepoRoot, ".build", "app", "CopyrightLedger.Web");

    public static async Task<AppProcess> StartAsync()
    {
        var bin = BinaryPath;
        if (!File.Exists(bin)) throw new InvalidOperationException($"The published app is missing at {bin}: run the tests with ./ledger test, which builds it.");
        var data = Directory.CreateTempSubdirectory("ledger-e2e-").FullName;
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo(bin, ["serve", "--urls", url])
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["Ledger__DataDirectory"] = data;
        psi.Environment["Ledger__Admin__Email"] = AdminEmail;
        psi.Environment["Ledger__Admin__Password"] = AdminPassword;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + bin);
        var app = new AppProcess(process, url, data);
        process.OutputDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return app;
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/account/login")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not answer within {limit}:\n{Output}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CopyrightLedger.sln"))) return d.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
