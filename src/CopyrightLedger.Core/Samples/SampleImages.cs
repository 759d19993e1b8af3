using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Generation;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Samples;

/// <summary>
/// Draws the sample cases' images from <c>generate.json</c>, so the samples are made by the project and not
/// downloaded. Each run stands for one A1111 generation: its files get consecutive seeds and the A1111
/// <c>parameters</c> text a real run would have written; an edit redraws its base image and paints a signature.
/// Only integer arithmetic is used, so every machine writes the same bytes (a test holds the committed files to it).
/// </summary>
public static class SampleImages
{
    private sealed record Spec(List<RunSpec>? Runs, List<EditSpec>? Edits);
    private sealed record RunSpec(string Prompt, string? NegativePrompt, ulong Seed, string Parameters, DateTime Time, List<FileSpec> Files);
    private sealed record FileSpec(string File, int[]? Figure, int? Horizon);
    private sealed record EditSpec(string File, string Base, string Signature, DateTime Time);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>Writes every image <paramref name="folder"/>/generate.json describes, under <paramref name="outputFolder"/> (default: the same folder).</summary>
    public static IReadOnlyList<string> Generate(string folder, string? outputFolder = null)
    {
        var path = Path.Combine(folder, "generate.json");
        Spec spec;
        try { spec = JsonSerializer.Deserialize<Spec>(File.ReadAllText(path), Json) ?? throw new DomainException($"{path}: empty."); }
        catch (JsonException e) { throw new DomainException($"{path}: {e.Message}"); }

        outputFolder ??= folder;
        var drawn = new Dictionary<string, Canvas>(StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var run in spec.Runs ?? [])
            for (var i = 0; i < run.Files.Count; i++)
            {
                var seed = unchecked(run.Seed + (ulong)i);
                var parameters = run.Parameters.Replace("{seed}", seed.ToString(CultureInfo.InvariantCulture)).Replace("{pos}", i.ToString(CultureInfo.InvariantCulture));
                var infotext = A1111Infotext.Format(run.Prompt, run.NegativePrompt ?? "", A1111Infotext.Parse("x\n" + parameters).Parameters);
                var settings = A1111Infotext.Parse(infotext).ToSettings();
                if (settings.Width is not { } w || settings.Height is not { } h) throw new DomainException($"{run.Files[i].File}: the parameters need a 'Size: WxH'.");
                var canvas = Paint(w, h, run.Prompt, seed, run.Files[i]);
                drawn[run.Files[i].File] = canvas;
                written.Add(Write(outputFolder, run.Files[i].File, canvas, [("parameters", infotext)], run.Time));
            }
        foreach (var edit in spec.Edits ?? [])
        {
            if (!drawn.TryGetValue(edit.Base, out var baseImage)) throw new DomainException($"{edit.File}: base image '{edit.Base}' is not drawn by an earlier run.");
            var canvas = baseImage.Copy();
            canvas.Signature(edit.Signature);
            drawn[edit.File] = canvas;
            written.Add(Write(outputFolder, edit.File, canvas, [], edit.Time)); // a paint program keeps no generation text
        }
        return written;
    }

    private static string Write(string root, string name, Canvas c, (string, string)[] text, DateTime time)
    {
        var target = Path.Combine(root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, PngEncoder.Encode(c.Width, c.Height, c.Rgb, text, time.ToUniversalTime()));
        return target;
    }

    /// <summary>A scene that follows the prompt's words: a dusk sky or a room, a figure or a cat, film or flat colours.</summary>
    private static Canvas Paint(int w, int h, string prompt, ulong seed, FileSpec file)
    {
        var p = prompt.ToLowerInvariant();
        var rng = new SplitMix(seed ^ Fnv(p));
        var c = new Canvas(w, h);
        var dusk = p.Contains("dusk") || p.Contains("sunset");
        var horizon = h * (file.Horizon ?? rng.Next(55, 75)) / 100;
        (int, int, int) top = dusk ? (58, 36, 104) : (214, 200, 178), low = dusk ? (250, 152, 74) : (236, 226, 206);
        (int, int, int) ground = dusk ? (46, 38, 52) : (150, 112, 82);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                c.Set(x, y, y < horizon ? Mix(top, low, y, horizon) : Mix(ground, Scale(ground, 60), y - horizon, h - horizon));

        if (dusk) c.Disc(w * rng.Next(15, 85) / 100, horizon - h / 40, w / 12, (255, 214, 140));
        var fx = w * (file.Figure?[0] ?? rng.Next(30, 70)) / 100;
        var fy = h * (file.Figure?[1] ?? rng.Next(62, 80)) / 100;
        var lightLeft = p.Contains("light from the left");
        if (p.Contains("cat"))
        {
            var r = w / 7 + rng.Next(0, w / 20);
            var tone = rng.Next(120, 240);
            var fur = (tone, tone * rng.Next(55, 90) / 100, tone * rng.Next(30, 70) / 100); // ginger to grey
            c.Disc(fx, fy + r, r + r / 2, Scale(fur, 85));
            c.Triangle(fx - r, fy - r / 2, fx - r / 3, fy - r, fx - r + r / 4, fy - 2 * r, fur);
            c.Triangle(fx + r / 3, fy - r, fx + r, fy - r / 2, fx + r - r / 4, fy - 2 * r, fur);
            c.Disc(fx, fy - r / 3, r, fur);
            c.Disc(fx - r / 3, fy - r / 2, r / 8, (30, 40, 30));
            c.Disc(fx + r / 3, fy - r / 2, r / 8, (30, 40, 30));
        }
        else
        {
            var r = w / 14;
            var hair = (40 + rng.Next(0, 40), 26, 22);
            c.Triangle(fx - 3 * r, h, fx + 3 * r, h, fx, fy + r / 2, (120 + rng.Next(0, 80), 60, 70));
            c.Disc(fx, fy - r / 2, r + r / 4, hair);
            c.Disc(fx, fy, r, (232, 184, 150));
            c.Disc(lightLeft ? fx - r / 2 : fx + r / 2, fy - r / 3, r / 3, (255, 226, 190)); // where the light falls on the face
        }
        if (!p.Contains("film")) c.Posterize(48); // without the photographic words, runs look like flat illustrations
        return c;
    }

    private static (int, int, int) Mix((int R, int G, int B) a, (int R, int G, int B) b, int num, int den) =>
        den <= 0 ? a : (a.R + (b.R - a.R) * num / den, a.G + (b.G - a.G) * num / den, a.B + (b.B - a.B) * num / den);

    private static (int, int, int) Scale((int R, int G, int B) c, int percent) => (c.R * percent / 100, c.G * percent / 100, c.B * percent / 100);

    private static ulong Fnv(string s)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in s) hash = (hash ^ ch) * 1099511628211UL;
        return hash;
    }

    private sealed class SplitMix(ulong state)
    {
        public int Next(int min, int maxExclusive)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return min + (int)(z % (ulong)(maxExclusive - min));
        }
    }

    private sealed class Canvas(int width, int height)
    {
        public int Width { get; } = width;
        public int Height { get; } = height;
        public byte[] Rgb { get; private init; } = new byte[width * height * 3];

        public Canvas Copy() => new(Width, Height) { Rgb = (byte[])Rgb.Clone() };

        public void Set(int x, int y, (int R, int G, int B) c)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
            var i = (y * Width + x) * 3;
            Rgb[i] = (byte)Math.Clamp(c.R, 0, 255);
            Rgb[i + 1] = (byte)Math.Clamp(c.G, 0, 255);
            Rgb[i + 2] = (byte)Math.Clamp(c.B, 0, 255);
        }

        public void Disc(long cx, long cy, long r, (int, int, int) c)
        {
            for (var y = cy - r; y <= cy + r; y++)
                for (var x = cx - r; x <= cx + r; x++)
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) Set((int)x, (int)y, c);
        }

        public void Triangle(long x1, long y1, long x2, long y2, long x3, long y3, (int, int, int) c)
        {
            static long Edge(long ax, long ay, long bx, long by, long px, long py) => (bx - ax) * (py - ay) - (by - ay) * (px - ax);
            for (var y = Math.Min(y1, Math.Min(y2, y3)); y <= Math.Max(y1, Math.Max(y2, y3)); y++)
                for (var x = Math.Min(x1, Math.Min(x2, x3)); x <= Math.Max(x1, Math.Max(x2, x3)); x++)
                {
                    long a = Edge(x1, y1, x2, y2, x, y), b = Edge(x2, y2, x3, y3, x, y), d = Edge(x3, y3, x1, y1, x, y);
                    if ((a >= 0 && b >= 0 && d >= 0) || (a <= 0 && b <= 0 && d <= 0)) Set((int)x, (int)y, c);
                }
        }

        public void Posterize(int step)
        {
            for (var i = 0; i < Rgb.Length; i++) Rgb[i] = (byte)Math.Min(255, Rgb[i] / step * step + step / 2);
        }

        /// <summary>The signature in a 5x7 pixel font, scaled, in the lower right corner.</summary>
        public void Signature(string text)
        {
            var scale = Math.Max(2, Width / 128);
            var x0 = Width - (text.Length * 6 - 1) * scale - 4 * scale;
            var y0 = Height - 7 * scale - 4 * scale;
            for (var n = 0; n < text.Length; n++)
            {
                if (!Font.TryGetValue(char.ToUpperInvariant(text[n]), out var rows))
                    throw new DomainException($"The sample font has no '{text[n]}'; it has {string.Concat(Font.Keys)}.");
                for (var row = 0; row < 7; row++)
                    for (var col = 0; col < 5; col++)
                        if (rows[row][col] == '#')
                            for (var dy = 0; dy < scale; dy++)
                                for (var dx = 0; dx < scale; dx++)
                                    Set(x0 + (n * 6 + col) * scale + dx, y0 + row * scale + dy, (250, 246, 236));
            }
        }

        private static readonly Dictionary<char, string[]> Font = new()
        {
            ['L'] = ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
            ['I'] = ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"],
            ['U'] = ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
            ['A'] = [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
            [' '] = [".....", ".....", ".....", ".....", ".....", ".....", "....."],
        };
    }
}
