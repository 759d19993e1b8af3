using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>Where the three font families live. The defaults are the Debian package paths.</summary>
public sealed record FontFiles(string DejaVuDirectory = "/usr/share/fonts/truetype/dejavu",
    string CjkFallback = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
{
    public static FontFiles Default { get; } = new();

    internal string Sans => Path.Combine(DejaVuDirectory, "DejaVuSans.ttf");
    internal string Mono => Path.Combine(DejaVuDirectory, "DejaVuSansMono.ttf");

    /// <summary>Face name (as PDFsharp passes it to <see cref="IFontResolver.GetFont"/>) → file.</summary>
    internal IReadOnlyDictionary<string, string> Faces => new Dictionary<string, string>
    {
        ["sans"] = Sans,
        ["sans-bold"] = Path.Combine(DejaVuDirectory, "DejaVuSans-Bold.ttf"),
        ["sans-italic"] = Path.Combine(DejaVuDirectory, "DejaVuSans-Oblique.ttf"),
        ["sans-bolditalic"] = Path.Combine(DejaVuDirectory, "DejaVuSans-BoldOblique.ttf"),
        ["mono"] = Mono,
        ["cjk"] = CjkFallback,
    };

    /// <summary>Throws, naming the Debian package to install, when a font file is missing.</summary>
    public void Verify()
    {
        foreach (var path in Faces.Values)
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"Font file {path} is missing; the PDF dossier needs it. Install the Debian package " +
                    $"{(path == CjkFallback ? "fonts-droid-fallback" : "fonts-dejavu-core")} (apt-get install " +
                    $"{(path == CjkFallback ? "fonts-droid-fallback" : "fonts-dejavu-core")}).", path);
    }
}

/// <summary>
/// PDFsharp's font settings are process-wide and may be set only once, so the first configuration wins; a later
/// call with other files is a programming error and fails rather than silently drawing with the wrong fonts.
/// </summary>
public static class PdfFonts
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";
    public const string Cjk = "Droid Sans Fallback";

    private static readonly Lock Gate = new();
    private static FontFiles? _configured;

    public static void Configure(FontFiles files)
    {
        files.Verify();
        lock (Gate)
        {
            if (_configured is not null)
            {
                if (_configured != files)
                    throw new InvalidOperationException($"PDF fonts are already configured from {_configured}; PDFsharp allows one font resolver per process.");
                return;
            }
            GlobalFontSettings.FontResolver = new Resolver(files);
            _configured = files;
        }
    }

    private sealed class Resolver(FontFiles files) : IFontResolver
    {
        private readonly IReadOnlyDictionary<string, string> _faces = files.Faces;

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
        {
            Sans => new FontResolverInfo(SansFace(bold, italic)),
            // Mono and CJK have one face each: bold and italic are simulated.
            Mono => new FontResolverInfo("mono", Simulations(bold, italic)),
            Cjk => new FontResolverInfo("cjk", Simulations(bold, italic)),
            _ => null,
        };

        private static string SansFace(bool bold, bool italic) =>
            (bold, italic) switch { (true, true) => "sans-bolditalic", (true, false) => "sans-bold", (false, true) => "sans-italic", _ => "sans" };

        private static XStyleSimulations Simulations(bool bold, bool italic) =>
            (bold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None) | (italic ? XStyleSimulations.ItalicSimulation : XStyleSimulations.None);

        public byte[]? GetFont(string faceName) =>
            _faces.TryGetValue(faceName, out var path) ? File.ReadAllBytes(path) : null;
    }
}
