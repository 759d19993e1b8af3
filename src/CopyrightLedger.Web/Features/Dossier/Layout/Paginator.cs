namespace CopyrightLedger.Web.Features.Dossier.Layout;

/// <summary>
/// An unbreakable horizontal band of the flow: a line of text, a table row, an image. Layout turns blocks into
/// slices; the paginator stacks them onto pages; only the final pass paints them.
/// </summary>
internal sealed record Slice(double Height, Action<Painter, double>? Paint = null)
{
    public bool BreakBefore { get; init; }
    /// <summary>On a group's first slice: the group's total height, moved to a new page whole if it fits on one.</summary>
    public double KeepHeight { get; init; }
    /// <summary>Never left alone at the bottom of a page (headings, table header rows).</summary>
    public bool KeepWithNext { get; init; }
    /// <summary>Vertical space between blocks, dropped at the top of a page.</summary>
    public bool IsGap { get; init; }
    /// <summary>Drawn first when this slice starts a new page (a table's header row).</summary>
    public Slice? RepeatHeader { get; init; }
    public string? Stamp { get; init; }
    /// <summary>Told the page index and top of the slice once placed (headings record their pages).</summary>
    public Action<int, double>? Placed { get; init; }

    public static Slice Gap(double height) => new(height) { IsGap = true };
}

internal sealed record PlacedSlice(Slice Slice, double Top);

internal sealed class LaidOutPage
{
    public List<PlacedSlice> Slices { get; } = [];
    public string? Stamp { get; set; }
}

internal static class Paginator
{
    /// <summary>Stacks slices onto pages of the given body height; tops are relative to the body's top.</summary>
    public static List<LaidOutPage> Paginate(IReadOnlyList<Slice> slices, double bodyHeight)
    {
        var pages = new List<LaidOutPage> { new() };
        double y = 0;
        Slice? lastPlaced = null;

        void NewPage()
        {
            pages.Add(new LaidOutPage());
            y = 0;
            lastPlaced = null;
        }

        void Place(Slice s)
        {
            s.Placed?.Invoke(pages.Count - 1, y);
            pages[^1].Slices.Add(new PlacedSlice(s, y));
            y += s.Height;
            lastPlaced = s;
        }

        for (var i = 0; i < slices.Count; i++)
        {
            var s = slices[i];
            if (s.BreakBefore)
            {
                if (y > 0) NewPage();
                continue;
            }
            if (s.IsGap)
            {
                if (y > 0) y = Math.Min(y + s.Height, bodyHeight);
                continue;
            }
            var remaining = bodyHeight - y;
            var need = s.Height;
            // A heading goes with what follows it (past the gap before it): the next line, or the whole group it opens.
            for (var j = i; slices[j].KeepWithNext;)
            {
                var next = j + 1;
                while (next < slices.Count && slices[next].IsGap) next++;
                if (next >= slices.Count) break;
                if (slices[next] is { KeepHeight: > 0 } group && group.KeepHeight <= bodyHeight) { need += group.KeepHeight; break; }
                need += slices[next].Height;
                j = next;
            }
            if (y > 0 && (need > remaining || s.KeepHeight > remaining && s.KeepHeight <= bodyHeight))
                NewPage();
            if (s.Stamp is not null) pages[^1].Stamp ??= s.Stamp;
            if (y == 0 && pages.Count > 1 && s.RepeatHeader is { } header && lastPlaced != header)
                Place(header);
            Place(s);
        }
        return pages;
    }
}
