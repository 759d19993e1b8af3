namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// For a segmentation profile (us-usco): drafts the "Author Created" and "Material Excluded" wording of a
/// registration from the recorded human material (expressive edits, the creator's own inputs, a selection and
/// arrangement of several elements) and the AI tools used. A draft for a lawyer, never a filing.
/// </summary>
public static class UscoDraft
{
    public static (Wording AuthorCreated, Wording MaterialExcluded) Of(WorkFacts w, Profile profile)
    {
        var usco = profile.Usco ?? throw new DomainException($"Profile {profile.Id} drafts no registration wording.");
        var en = new List<string>();
        var zh = new List<string>();
        foreach (var e in EditMeasure.Of(w.Edits).Expressive)
        {
            en.Add($"{e.Kind.ToLowerInvariant()} edits made with {e.Tool}{(e.ChangedShare is { } s ? $" ({s:P0} of the image)" : "")}");
            zh.Add($"使用 {e.Tool} 进行的{e.Kind.ToLowerInvariant()}修改{(e.ChangedShare is { } s2 ? $"（占图像 {s2:P0}）" : "")}");
        }
        if (w.Provenance.OwnInputs > 0) { en.Add($"{w.Provenance.OwnInputs} drawing(s) or photograph(s) by the author used as input"); zh.Add($"作者本人的 {w.Provenance.OwnInputs} 幅绘画或照片（作为输入）"); }
        if (w.Edits.Any(e => e.Kind.Equals("composite", StringComparison.OrdinalIgnoreCase))) { en.Add("selection and arrangement of the composed elements"); zh.Add("对合成元素的选择与编排"); }
        var claimsEn = en.Count == 0 ? "No human-authored material in the image itself is recorded." : string.Join("; ", en) + ".";
        var claimsZh = zh.Count == 0 ? "记录中没有图像本身的人类创作部分。" : string.Join("；", zh) + "。";
        var tools = string.Join(", ", w.Runs.Select(r => r.Model ?? "unknown model").Distinct());
        return (new Wording(usco.AuthorCreated.En.Replace("{claims}", claimsEn), usco.AuthorCreated.Zh.Replace("{claims}", claimsZh)),
            new Wording(usco.MaterialExcluded.En.Replace("{tools}", tools), usco.MaterialExcluded.Zh.Replace("{tools}", tools)));
    }
}
