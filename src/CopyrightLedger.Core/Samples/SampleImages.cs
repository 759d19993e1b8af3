using System.Globalization;
using System.Text.Json;
using CopyrightLedger.Core.Generation;
using CopyrightLedger.Core.Imaging;

namespace CopyrightLedger.Core.Samples;

/// <summary>
/// Draws the sample cases' images from <c>generate.json</c>, so the samples are made by the project and not
/// downloaded. Each run stands for one generation: an A1111 run's files get consecutive seeds and the
/// <c>parameters</c> text a real run would have written; a Midjourney run's files (a grid) share a job id in the
/// <c>Description</c> a web download carries. An edit redraws its base image and changes it the way a person would:
/// a signature, a sticker, a repainted region, or a page that lays out several images around a band of text.
/// Only integer arithmetic is used, so every machine writes the same bytes (a test holds the committed files to it).
/// </summary>
public static class SampleImages
{
    private sealed record Spec(List<RunSpec>? Runs, List<EditSpec>? Edits);
    /// <param name="Parameters">A1111: the parameters line with {seed} and {pos}; Midjourney: the <c>--</c> parameters; InvokeAI: the metadata JSON.</param>
    /// <param name="Discard">The run's images are drawn for later edits but not written: outputs nobody kept.</param>
    private sealed record RunSpec(string Prompt, string? NegativePrompt, ulong Seed, string Parameters, DateTime Time, List<FileSpec> Files,
        string Format = "a1111", string? Size = null, string? Author = null, bool Discard = false);
    private sealed record FileSpec(string File, int[]? Figure, int? Horizon);
    /// <param name="Sticker">x, y and size of a pasted flat shape, in percent of the image.</param>
    /// <param name="Repaint">x, y, width and height of a region painted over by hand, in percent of the image.</param>
    /// <param name="Layout">further images set below the base, with a band for text between them (a comic page).</param>
    private sealed record EditSpec(string File, string Base, DateTime Time, string? Signature = null, int[]? Sticker = null, int[]? Repaint = null,
        List<string>? Layout = null);

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
                var (w, h, text) = run.Format switch
                {
                    "a1111" => A1111Text(run, seed, i),
                    "midjourney" => MidjourneyText(run),
                    "invokeai" => InvokeText(run, seed),
                    _ => throw new DomainException($"{run.Files[i].File}: unknown format '{run.Format}' (a1111, midjourney, invokeai)."),
                };
                var canvas = Paint(w, h, run.Prompt, seed, run.Files[i]);
                drawn[run.Files[i].File] = canvas;
                if (!run.Discard) written.Add(Write(outputFolder, run.Files[i].File, canvas, text, run.Time));
            }
        foreach (var edit in spec.Edits ?? [])
        {
            Canvas Drawn(string name) => drawn.TryGetValue(name, out var c) ? c : throw new DomainException($"{edit.File}: image '{name}' is not drawn earlier.");
            var canvas = edit.Layout is { Count: > 0 } pages ? Canvas.Page([Drawn(edit.Base), .. pages.Select(Drawn)]) : Drawn(edit.Base).Copy();
            if (edit.Repaint is [var rx, var ry, var rw, var rh]) canvas.Repaint(rx, ry, rw, rh, Fnv(edit.File));
            if (edit.Sticker is [var sx, var sy, var size]) canvas.Sticker(sx, sy, size);
            if (edit.Signature is { } signature) canvas.Signature(signature);
            drawn[edit.File] = canvas;
            written.Add(Write(outputFolder, edit.File, canvas, [], edit.Time)); // a paint program keeps no generation text
        }
        return written;
    }

    private static (int, int, (string, string)[]) A1111Text(RunSpec run, ulong seed, int position)
    {
        var parameters = run.Parameters.Replace("{seed}", seed.ToString(CultureInfo.InvariantCulture)).Replace("{pos}", position.ToString(CultureInfo.InvariantCulture));
        var infotext = A1111Infotext.Format(run.Prompt, run.NegativePrompt ?? "", A1111Infotext.Parse("x\n" + parameters).Parameters);
        var settings = A1111Infotext.Parse(infotext).ToSettings();
        if (settings.Width is not { } w || settings.Height is not { } h) throw new DomainException($"{run.Files[position].File}: the parameters need a 'Size: WxH'.");
        return (w, h, [("parameters", infotext)]);
    }

    /// <summary>InvokeAI's <c>invokeai_metadata</c>: the run's JSON (<c>parameters</c>) with the prompts and the seed filled in.</summary>
    private static (int, int, (string, string)[]) InvokeText(RunSpec run, ulong seed)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(run.Parameters)?.AsObject() ?? throw new DomainException("An InvokeAI run's parameters are a JSON object.");
        json["positive_prompt"] = run.Prompt;
        json["negative_prompt"] = run.NegativePrompt ?? "";
        json["seed"] = seed;
        return ((int)json["width"]!, (int)json["height"]!, [("invokeai_metadata", json.ToJsonString())]);
    }

    /// <summary>A web download's text: the prompt with its <c>--</c> parameters and the grid's job id, and the account name.</summary>
    private static (int, int, (string, string)[]) MidjourneyText(RunSpec run)
    {
        var size = (run.Size ?? throw new DomainException($"{run.Files[0].File}: a Midjourney run needs a 'size'.")).Split('x');
        var job = new Guid(BitConverter.GetBytes(Fnv(run.Prompt + run.Seed)).Concat(BitConverter.GetBytes(Fnv(run.Parameters + run.Seed))).ToArray());
        var description = $"{run.Prompt} {run.Parameters} Job ID: {job}";
        return (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture),
            [("Description", description), ("Author", run.Author ?? "creator")]);
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

        /// <summary>Several images one below the other, each separated by a pale band where a page's text would go.</summary>
        public static Canvas Page(IReadOnlyList<Canvas> images)
        {
            var band = images[0].Height / 6;
            var page = new Canvas(images.Max(i => i.Width), images.Sum(i => i.Height) + band * (images.Count - 1));
            var top = 0;
            foreach (var image in images)
            {
                for (var y = 0; y < image.Height; y++)
                    Array.Copy(image.Rgb, y * image.Width * 3, page.Rgb, ((top + y) * page.Width) * 3, image.Width * 3);
                top += image.Height;
                if (top >= page.Height) break;
                for (var y = top; y < top + band; y++)
                    for (var x = 0; x < page.Width; x++)
                        page.Set(x, y, (y - top) % 6 < 2 && x > page.Width / 12 && x < page.Width * 11 / 12 ? (60, 56, 52) : (246, 240, 226)); // lines of lettering
                top += band;
            }
            return page;
        }

        /// <summary>A region painted over by hand: soft diagonal strokes in a colour taken from the file name.</summary>
        public void Repaint(int xPercent, int yPercent, int wPercent, int hPercent, ulong tint)
        {
            int x0 = Width * xPercent / 100, y0 = Height * yPercent / 100, x1 = x0 + Width * wPercent / 100, y1 = y0 + Height * hPercent / 100;
            var colour = ((int)(tint & 0xFF), (int)((tint >> 8) & 0xFF), (int)((tint >> 16) & 0xFF));
            for (var y = y0; y < y1; y++)
                for (var x = x0; x < x1; x++)
                    Set(x, y, Mix(colour, (250, 244, 230), (x + y) % 17, 16));
        }

        /// <summary>A pasted sticker: a flat yellow star-like disc with a dark rim.</summary>
        public void Sticker(int xPercent, int yPercent, int sizePercent)
        {
            int cx = Width * xPercent / 100, cy = Height * yPercent / 100, r = Math.Max(3, Width * sizePercent / 200);
            Disc(cx, cy, r + 1, (40, 30, 20));
            Disc(cx, cy, r, (255, 212, 40));
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
