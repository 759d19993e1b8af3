using System.Text;
using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>A run with the size it is set in.</summary>
internal sealed record StyledRun(Run Run, double Size)
{
    public TextStyle Style => new(Size, Run.Bold, Run.Italic, Run.Mono);
}

/// <summary>Text of one run in one font, placed at X from the line's left edge.</summary>
internal sealed record LinePiece(double X, double Width, string Text, XFont Font, Run Source);

internal sealed record Line(IReadOnlyList<LinePiece> Pieces, double Width, double Height, double Baseline);

/// <summary>
/// Greedy line breaking for mixed Latin and CJK text: Latin breaks after spaces, CJK between any two characters,
/// with basic kinsoku (closing punctuation never starts a line, opening brackets never end one). A word wider than
/// the line (a 64-character hash) is broken between characters as a last resort. '\n' forces a break.
/// </summary>
internal static class LineBreaker
{
    private const string NoStart = "，。、；：？！）」』】》〉”’…·,.;:?!)]}%";
    private const string NoEnd = "（「『【《〈“‘([{";

    public static List<Line> Break(Typesetter ts, IReadOnlyList<StyledRun> runs, double width, double lineFactor = 1.4)
    {
        var text = new StringBuilder();
        var owner = new List<int>();
        for (var r = 0; r < runs.Count; r++)
        {
            text.Append(runs[r].Run.Text);
            owner.AddRange(Enumerable.Repeat(r, runs[r].Run.Text.Length));
        }
        var all = text.ToString();
        var size = runs.Count == 0 ? 10 : runs.Max(r => r.Size);
        var lines = new List<Line>();
        var line = new List<(int Start, int End)>();
        double used = 0;

        void Finish()
        {
            lines.Add(Build(ts, runs, all, owner, line, size, lineFactor));
            line.Clear();
            used = 0;
        }

        var start = 0;
        while (start < all.Length)
        {
            if (all[start] == '\n')
            {
                Finish();
                start++;
                continue;
            }
            var end = start + 1;
            while (end < all.Length && all[end] != '\n' && !CanBreakBefore(all, end)) end++;
            var visibleEnd = end;
            while (visibleEnd > start && all[visibleEnd - 1] == ' ') visibleEnd--;
            var visible = Measure(ts, runs, all, owner, start, visibleEnd);
            if (used + visible <= width + 0.01)
            {
                line.Add((start, end));
                used += Measure(ts, runs, all, owner, start, end);
                start = end;
            }
            else if (line.Count > 0) Finish();
            else
            {
                // Nothing on the line and the word alone is too wide: take as many characters as fit (at least one).
                var cut = start + char.ConvertFromUtf32(char.ConvertToUtf32(all, start)).Length;
                while (cut < visibleEnd)
                {
                    var next = cut + (char.IsHighSurrogate(all[cut]) ? 2 : 1);
                    if (Measure(ts, runs, all, owner, start, next) > width) break;
                    cut = next;
                }
                line.Add((start, cut));
                Finish();
                start = cut;
                while (start < all.Length && all[start] == ' ') start++;
            }
        }
        if (line.Count > 0 || lines.Count == 0) Finish();
        return lines;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF'
            or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF' || char.IsSurrogate(c);

    private static bool CanBreakBefore(string s, int i)
    {
        char prev = s[i - 1], cur = s[i];
        if (cur == ' ' || char.IsLowSurrogate(cur)) return false;
        if (prev == ' ') return true;
        if (!IsCjk(prev) && !IsCjk(cur)) return false;
        return !NoStart.Contains(cur) && !NoEnd.Contains(prev);
    }

    private static double Measure(Typesetter ts, IReadOnlyList<StyledRun> runs, string all, List<int> owner, int start, int end)
    {
        double w = 0;
        foreach (var (run, from, to) in ByRun(owner, start, end))
            w += ts.Width(all[from..to], runs[run].Style);
        return w;
    }

    private static IEnumerable<(int Run, int From, int To)> ByRun(List<int> owner, int start, int end)
    {
        var from = start;
        for (var i = start + 1; i <= end; i++)
            if (i == end || owner[i] != owner[from])
            {
                yield return (owner[from], from, i);
                from = i;
            }
    }

    private static Line Build(Typesetter ts, IReadOnlyList<StyledRun> runs, string all, List<int> owner,
        List<(int Start, int End)> ranges, double size, double lineFactor)
    {
        var pieces = new List<LinePiece>();
        double x = 0;
        if (ranges.Count > 0)
        {
            int start = ranges[0].Start, end = ranges[^1].End;
            while (end > start && all[end - 1] == ' ') end--;
            foreach (var (run, from, to) in ByRun(owner, start, end))
                foreach (var (font, piece) in ts.Segments(all[from..to], runs[run].Style))
                {
                    var w = ts.Width(font, piece);
                    pieces.Add(new LinePiece(x, w, piece, font, runs[run].Run));
                    x += w;
                }
        }
        return new Line(pieces, x, size * lineFactor, size * (lineFactor / 2 + 0.35));
    }
}
