using System.Diagnostics;

namespace CopyrightLedger.Web.Tests.Dossier.Layout;

/// <summary>Runs the command-line PDF tools (poppler-utils, qpdf) on a file, the way a reader of the dossier would.</summary>
public static class Poppler
{
    public static (int Exit, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The text of the whole file, or of one page (1-based), in reading layout.</summary>
    public static string Text(string pdf, int? page = null)
    {
        var args = page is { } n ? new[] { "-layout", "-f", $"{n}", "-l", $"{n}", pdf, "-" } : new[] { "-layout", pdf, "-" };
        var (exit, output) = Run("pdftotext", args);
        Assert.True(exit == 0, output);
        return output;
    }

    public static int Pages(string pdf)
    {
        var (_, info) = Run("pdfinfo", pdf);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
