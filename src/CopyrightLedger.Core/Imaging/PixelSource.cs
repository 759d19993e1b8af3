using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CopyrightLedger.Core.Metadata;

namespace CopyrightLedger.Core.Imaging;

/// <summary>Why a stored file gave no pixels.</summary>
public enum PixelProblem { Missing, Undecodable }

/// <summary>A file's pixels, or why there are none (both null: the file is not an image).</summary>
public sealed record PixelLoad(RgbaImage? Image, PixelProblem? Problem);

/// <summary>An image that ffmpeg or ffprobe could not decode, or that breaks a decoding limit.</summary>
public sealed class PixelFormatException(string message) : Exception(message);

/// <summary>
/// Loads any image file as RGBA pixels: PNG (recognised by its signature, not its name) with the managed
/// <see cref="PngDecoder"/>, anything else (JPEG, WebP, a video's first frame, ...) through <c>ffprobe</c> and
/// <c>ffmpeg</c>. This is the only class in Core that starts a process. Each tool runs with an argument list (no
/// shell), a closed stdin and a 10-second timeout, and its output is read no further than the size ffprobe reported;
/// the same <see cref="ReadLimits.MaxPixels"/> limit applies as for PNG. PNG problems end in a
/// <see cref="PngFormatException"/>, everything else in a <see cref="PixelFormatException"/>.
/// </summary>
public static class PixelSource
{
    /// <summary>Whether a file of this media type has pixels to load: an image, or a video (its first frame).</summary>
    public static bool HasPixels(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType.StartsWith("video/", StringComparison.Ordinal);

    /// <summary>
    /// Loads a stored file's pixels: the one decoding path of the dossier's thumbnails and differences and of the
    /// assessment's edit measure. A file that has no pixels by its media type gives no image and no problem; a missing
    /// or undecodable one gives its <see cref="PixelProblem"/>, never an exception.
    /// </summary>
    public static PixelLoad TryLoad(string path, string mediaType)
    {
        if (!HasPixels(mediaType)) return new(null, null);
        try { return new(Load(path), null); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return new(null, PixelProblem.Missing); }
        catch (Exception e) when (e is PixelFormatException or PngFormatException or IOException) { return new(null, PixelProblem.Undecodable); }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const int MaxErrorChars = 2000;

    private sealed record ToolResult(int ExitCode, byte[] Output, int Length, string Errors);

    public static RgbaImage Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using (var file = File.OpenRead(path))
        {
            Span<byte> head = stackalloc byte[8];
            var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (PngFile.HasSignature(head[..read]))
            {
                file.Position = 0;
                return PngDecoder.Decode(file);
            }
        }
        return LoadWithFfmpeg(Path.GetFullPath(path));
    }

    // The absolute path starts with '/', so neither tool can take it for an option or a protocol URL.
    // -noautorotate and -map 0:v:0 keep ffmpeg's frame to the stream, and the stored size, that ffprobe measured.
    private static RgbaImage LoadWithFfmpeg(string path)
    {
        var (width, height) = ProbeSize(path);
        var expected = width * height * 4;
        var result = Run("ffmpeg", ["-v", "error", "-noautorotate", "-i", path, "-map", "0:v:0", "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-"], expected);
        if (result.ExitCode != 0) throw Failure("ffmpeg", path, result);
        if (result.Length != expected)
            throw new PixelFormatException($"ffmpeg gave {result.Length} bytes of pixels for {path}, expected {expected} ({width} x {height} RGBA)");
        return new RgbaImage(width, height, result.Output);
    }

    private static (int Width, int Height) ProbeSize(string path)
    {
        var result = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], 256);
        if (result.ExitCode != 0) throw Failure("ffprobe", path, result);
        var fields = Encoding.ASCII.GetString(result.Output, 0, result.Length).Trim().Split('\n')[0].Split(',');
        if (fields.Length < 2
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width <= 0 || height <= 0)
            throw new PixelFormatException($"ffprobe found no image size in {path}{Detail(result.Errors)}");
        if ((long)width * height > ReadLimits.MaxPixels)
            throw new PixelFormatException($"image is {width} x {height} pixels, over the limit of {ReadLimits.MaxPixels}");
        return (width, height);
    }

    private static PixelFormatException Failure(string tool, string path, ToolResult result) =>
        new($"{tool} could not decode {path} (exit code {result.ExitCode}){Detail(result.Errors)}");

    private static string Detail(string errors) => errors.Length == 0 ? "" : ": " + errors.Trim();

    /// <summary>
    /// Runs a tool and reads up to <paramref name="maxOutput"/> bytes of its stdout while stderr drains on another
    /// thread (so neither pipe can fill and stall it). More output than that, or the timeout, kills it.
    /// </summary>
    private static ToolResult Run(string tool, IEnumerable<string> arguments, int maxOutput)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && errors.Length < MaxErrorChars) errors.AppendLine(e.Data);
        };
        try { process.Start(); }
        catch (Win32Exception e) { throw new PixelFormatException($"cannot start {tool}: {e.Message}"); }

        using var timeout = new CancellationTokenSource(Timeout);
        using var killOnTimeout = timeout.Token.Register(() => Kill(process));
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        var output = GC.AllocateUninitializedArray<byte>(maxOutput);
        var stdout = process.StandardOutput.BaseStream;
        var length = stdout.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
        var overflow = length == output.Length && stdout.ReadByte() >= 0;
        if (overflow) Kill(process);
        process.WaitForExit(); // returns once stderr is drained too; the timeout still bounds it
        if (timeout.IsCancellationRequested) throw new PixelFormatException($"{tool} did not finish within {Timeout.TotalSeconds} s");
        if (overflow) throw new PixelFormatException($"{tool} wrote more than the {maxOutput} bytes expected");
        return new ToolResult(process.ExitCode, output, length, errors.ToString());
    }

    private static void Kill(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // it has already exited
        catch (Win32Exception) { }
    }
}
