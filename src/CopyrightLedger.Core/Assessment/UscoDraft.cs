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
        var expressive = EditMeasure.Of(w.Edits).Expressive;
        // Inpainting is the AI drawing inside a region the person chose: the choice and placement can be claimed, the
        // pixels cannot. The claim is the arrangement of all the regions, so a pass counts however small its region
        // (American Cheese), though a small one weighs little as an edit of its own (F7, docs/ASSESSMENT.md).
        var inpaint = w.Edits.Where(e => e.Kind.Equals("inpaint", StringComparison.OrdinalIgnoreCase)).ToList();
        // A composite arranges generated images: its claim is the arrangement (below), not hand-made pixels.
        var composite = expressive.Where(e => e.Kind.Equals("composite", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var g in expressive.Except(inpaint).Except(composite).GroupBy(e => (Kind: e.Kind.ToLowerInvariant(), e.Tool)))
        {
            var largest = g.Max(e => e.ChangedShare);
            en.Add($"{g.Count()} {g.Key.Kind} edit(s) made by hand with {g.Key.Tool}{(largest is { } s ? $" (up to {s:P0} of the image)" : "")}");
            zh.Add($"使用 {g.Key.Tool} 手工进行的 {g.Count()} 处{g.Key.Kind}修改{(largest is { } s2 ? $"（最多占图像 {s2:P0}）" : "")}");
        }
        if (inpaint.Count > 0)
        {
            en.Add($"the selection, coordination and arrangement of AI-generated regions the author chose and placed in {inpaint.Count} inpainting pass(es)");
            zh.Add($"作者在 {inpaint.Count} 次局部重绘中对 AI 生成区域的选择、协调与编排");
        }
        var images = w.Provenance.OwnInputs - w.Provenance.OwnTexts;
        if (w.Provenance.OwnTexts > 0) { en.Add($"text written by the author ({w.Provenance.OwnTexts} file(s))"); zh.Add($"作者撰写的文字（{w.Provenance.OwnTexts} 个文件）"); }
        if (images > 0) { en.Add($"{images} drawing(s) or photograph(s) by the author used as input"); zh.Add($"作者本人的 {images} 幅绘画或照片（作为输入）"); }
        if (composite.Count > 0) { en.Add($"the selection and arrangement of the composed elements ({composite.Count} composition(s))"); zh.Add($"对合成元素的选择与编排（{composite.Count} 处合成）"); }
        var claimsEn = en.Count == 0 ? "No human-authored material in the image itself is recorded." : string.Join("; ", en) + ".";
        var claimsZh = zh.Count == 0 ? "记录中没有图像本身的人类创作部分。" : string.Join("；", zh) + "。";
        var tools = string.Join(", ", w.Runs.Select(r => r.Model ?? (r.Generator is { } g ? $"{g} {r.GeneratorVersion}".Trim() : "unknown model"))
            .Concat(inpaint.Select(e => $"{e.Tool} inpainting")).Distinct());
        return (new Wording(usco.AuthorCreated.En.Replace("{claims}", claimsEn), usco.AuthorCreated.Zh.Replace("{claims}", claimsZh)),
            new Wording(usco.MaterialExcluded.En.Replace("{tools}", tools), usco.MaterialExcluded.Zh.Replace("{tools}", tools)));
    }
}
