using System.Diagnostics;

namespace CopyrightLedger.Core.Tests.Pixels;

/// <summary>The reference decoder and converter for tests: /usr/bin/ffmpeg, run directly (no shell).</summary>
internal static class Ffmpeg
{
    /// <summary>The first frame of <paramref name="path"/> as RGBA bytes, decoded by ffmpeg.</summary>
    public static byte[] DecodeRgba(string path) => Run(["-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"]);

    /// <summary>Converts <paramref name="input"/> to <paramref name="output"/>, the format given by its extension.</summary>
    public static void Convert(string input, string output, params string[] options) =>
        Run(["-v", "error", "-y", "-i", input, .. options, output]);

    private static byte[] Run(string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        Assert.True(process.WaitForExit(30_000), "ffmpeg timed out");
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {errors.Result}");
        return output.ToArray();
    }
}
