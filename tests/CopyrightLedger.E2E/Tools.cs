using System.Diagnostics;

namespace CopyrightLedger.E2E;

/// <summary>Runs a command-line tool (the app's own binary, poppler, sqlite3) and returns its exit code and all it printed.</summary>
public static class Tools
{
    /// <summary>A run that hangs (as one did, on a migration lock left by a killed run) fails the test instead of CI.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task<(int Exit, string Output)> RunAsync(string tool, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try { await p.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish within {Limit.TotalMinutes} minutes");
        }
        return (p.ExitCode, await stdout + await stderr);
    }

    public static Task<(int Exit, string Output)> RunAsync(string tool, params string[] args) => RunAsync(tool, null, args);
}
