using System.Globalization;
using System.Security.Cryptography;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Features.Dossier.Layout;
using CopyrightLedger.Web.Features.Shared;
using PdfSharp.Drawing;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>The record itself: one section per run, the human edits, the notes, the exhibits and the integrity appendix.</summary>
public static class DossierSections
{
    private static readonly XColor AddedInk = XColor.FromArgb(0x1A, 0x7F, 0x37), AddedBack = XColor.FromArgb(0xDC, 0xF5, 0xE3);
    private static readonly XColor RemovedInk = XColor.FromArgb(0xB0, 0x20, 0x20), RemovedBack = XColor.FromArgb(0xFD, 0xE2, 0xE2);

    public static IEnumerable<Block> Runs(DossierData d, DossierText t, DossierImages images)
    {
        yield return new Heading(1, t.T("Generation runs", "生成运行"));
        if (d.Iterations.Count == 0) { yield return t.Say("No generation run is recorded.", "没有记录任何生成运行。"); yield break; }
        var byId = d.Iterations.ToDictionary(i => i.Id);
        var chosen = d.Selections.Select(s => s.ChosenArtifactId).ToHashSet();
        Iteration? previous = null;
        foreach (var it in d.Iterations)
        {
            var parent = it.Parents.Select(p => byId.GetValueOrDefault(p.ParentIterationId)).FirstOrDefault(p => p is not null) ?? previous;
            yield return new Heading(2, $"{t.T("Run", "运行")} #{it.Sequence} · {it.Generator}{(it.GeneratorVersion is { } v ? " " + v : "")}");
            yield return new KeepTogether([Table.KeyValue(Settings(it, t, parent))]); // a run's settings on one page
            yield return new Paragraph([new Run(t.T("Prompt", "提示词")) { Bold = true }]);
            yield return new Paragraph(string.IsNullOrEmpty(it.Prompt) ? "—" : it.Prompt); // exactly as recorded
            if (parent is not null) yield return Changes(t.T($"Elements changed against run #{parent.Sequence}", $"相对于运行 #{parent.Sequence} 的要素变化"), parent.Prompt, it.Prompt, t);
            if (!string.IsNullOrWhiteSpace(it.NegativePrompt) || !string.IsNullOrWhiteSpace(parent?.NegativePrompt))
            {
                yield return new Paragraph([new Run(t.T("Negative prompt", "反向提示词")) { Bold = true }]);
                yield return new Paragraph(string.IsNullOrEmpty(it.NegativePrompt) ? "—" : it.NegativePrompt);
                if (parent is not null) yield return Changes(t.T("Negative elements changed", "反向要素变化"), parent.NegativePrompt, it.NegativePrompt, t);
            }
            var outputs = d.Exhibits.Where(e => e.Artifact.IterationId == it.Id).ToList();
            // Rows of at most six, balanced, so a batch of seven is 4 + 3 and not 6 + one stretched frame.
            var perRow = outputs.Count == 0 ? 1 : (outputs.Count + (outputs.Count + 5) / 6 - 1) / ((outputs.Count + 5) / 6);
            foreach (var row in outputs.Chunk(perRow))
                yield return new ThumbnailRow([.. row.Select(e => new Thumbnail(images.Thumbnail(e.Artifact) ?? [], $"{e.Number} {VisibleText.Shown(e.Artifact.OriginalFileName)}", chosen.Contains(e.Artifact.Id)))
                    .Where(th => th.Data.Length > 0)], 96);
            foreach (var s in d.Selections.Where(s => outputs.Any(o => o.Artifact.Id == s.ChosenArtifactId)))
                yield return new Quote([new Paragraph([
                    new Run(t.T($"Chosen: {d.ExhibitOf(s.ChosenArtifactId)?.Number}, one of {Math.Max(1, s.Candidates.Count)} candidates",
                        $"选定：{d.ExhibitOf(s.ChosenArtifactId)?.Number}，共 {Math.Max(1, s.Candidates.Count)} 个候选")) { Bold = true },
                    new Run(string.IsNullOrWhiteSpace(s.Rationale) ? "" : " — " + s.Rationale),
                ])]);
            previous = it;
        }
    }

    private static IEnumerable<(string, string)> Settings(Iteration it, DossierText t, Iteration? parent)
    {
        (string, string) Row(string en, string zh, string? value) => (t.T(en, zh), value ?? "—");
        yield return Row("Model", "模型", it.ModelName is null ? it.ModelHash : $"{it.ModelName}{(it.ModelHash is { } h ? $" [{h}]" : "")}");
        yield return Row("Seed", "种子", it.Seed);
        yield return Row("Sampler / steps / CFG", "采样器 / 步数 / CFG", $"{it.Sampler ?? "—"} / {it.Steps?.ToString(CultureInfo.InvariantCulture) ?? "—"} / {it.CfgScale?.ToString(CultureInfo.InvariantCulture) ?? "—"}");
        yield return Row("Size", "尺寸", it.Width is { } w && it.Height is { } h2 ? $"{w} × {h2}" : null);
        if (it.Denoise is { } dn) yield return Row("Denoising strength", "重绘幅度", dn.ToString(CultureInfo.InvariantCulture));
        if (it.JobId is { } job) yield return Row("Platform job id", "平台任务编号", job);
        yield return Row("Claimed / captured", "声称 / 采集", $"{DossierText.Claimed(it.ClaimedAt)} / {DossierText.Utc(it.CapturedAtUtc)}");
        if (parent is not null)
        {
            var changed = IterationFacts.ChangedSettings(IterationFacts.Of(parent).Settings, IterationFacts.Of(it).Settings);
            yield return Row("Settings changed", "调整的设置", changed.Count == 0 ? t.T("none", "无") : string.Join(", ", changed.Select(c => t.T(FactorTexts.Setting(c)))));
        }
        yield return Row("All parameters", "全部参数", string.IsNullOrWhiteSpace(it.ParametersText) ? null : Capped(it.ParametersText.Replace('\n', ';').Replace(";", "; "), t));
    }

    /// <summary>
    /// A long text cut for a table cell (a ComfyUI graph can run to many pages, and a table row does not break across
    /// pages); the whole text stays in the attached original's metadata.
    /// </summary>
    private static string Capped(string text, DossierText t, int max = 1500) =>
        text.Length <= max ? text : text[..max] + t.T($" … ({text.Length - max} more characters: see the attached original's metadata)", $" ……（另有 {text.Length - max} 个字符，见所附原始文件的元数据）");

    /// <summary>The elements added since the parent in green, the dropped ones struck through in red, and whether the kept ones moved.</summary>
    private static Paragraph Changes(string label, string? before, string after, DossierText t)
    {
        var diff = PromptDiff.Between(before, after);
        var runs = new List<Run> { new($"{label}: ") { Italic = true } };
        // A chip's spaces do not break (U+00A0): an element is never split over two lines.
        static string Chip(string mark, string element) => (mark + " " + element).Replace(' ', '\u00A0');
        foreach (var added in diff.Added) runs.AddRange([new Run(Chip("+", added)) { Color = AddedInk, Highlight = AddedBack }, new Run("  ")]);
        foreach (var gone in diff.Removed) runs.AddRange([new Run(Chip("−", gone)) { Strike = true, Color = RemovedInk, Highlight = RemovedBack }, new Run("  ")]);
        if (diff.Reordered) runs.Add(new Run(t.T("(kept elements reordered)", "（保留的要素顺序有调整）")) { Italic = true });
        if (diff.Unchanged) runs.Add(new Run(t.T("none", "无")));
        return new Paragraph(runs) { FontSize = 9 };
    }

    public static IEnumerable<Block> Edits(DossierData d, DossierText t, DossierImages images)
    {
        yield return new Heading(1, t.T("Human edits", "人工修改"));
        if (d.Edits.Count == 0) { yield return t.Say("No human edit is recorded.", "没有记录人工修改。"); yield break; }
        foreach (var e in d.Edits)
        {
            var from = d.ExhibitOf(e.FromArtifactId);
            var to = d.ExhibitOf(e.ToArtifactId);
            var blocks = new List<Block>
            {
                new Heading(2, $"{t.Term(e.Kind)} · {e.Tool} · {from?.Number} → {to?.Number}"),
                Table.KeyValue([
                    (t.T("What was changed", "修改内容"), string.IsNullOrWhiteSpace(e.Description) ? "—" : e.Description),
                    (t.T("Performed / captured", "进行 / 采集"), $"{DossierText.Claimed(e.PerformedAt)} / {DossierText.Utc(e.CapturedAtUtc)}"),
                    (t.T("Minutes stated", "自述用时（分钟）"), e.MinutesSpent?.ToString(CultureInfo.InvariantCulture) ?? "—"),
                ]),
            };
            if (from is not null && to is not null && images.Difference(from.Artifact, to.Artifact) is { } difference)
            {
                blocks.Add(new ThumbnailRow([
                    new Thumbnail(images.Thumbnail(from.Artifact)!, $"{t.T("before", "修改前")} {from.Number}"),
                    new Thumbnail(images.Thumbnail(to.Artifact)!, $"{t.T("after", "修改后")} {to.Number}"),
                    new Thumbnail(difference.Map, t.T("changed pixels in red", "红色为改动像素")),
                ], 140));
                blocks.Add(t.Say($"{difference.Diff.ChangedShare:P1} of the image changed, in {difference.Diff.Regions.Count} region(s){(difference.Diff.SizeDiffers ? "; the sizes differ, so the after image was scaled to compare" : "")}.",
                    $"图像的 {difference.Diff.ChangedShare:P1} 发生改动，共 {difference.Diff.Regions.Count} 个区域{(difference.Diff.SizeDiffers ? "；两图尺寸不同，比较时已缩放修改后的图像" : "")}。"));
            }
            yield return new KeepTogether(blocks);
        }
    }

    public static IEnumerable<Block> Notes(DossierData d, DossierText t)
    {
        yield return new Heading(1, t.T("Notes and statements", "笔记与陈述"));
        if (d.Notes.Count == 0) { yield return t.Say("No note is recorded.", "没有记录笔记。"); yield break; }
        foreach (var n in d.Notes)
        {
            yield return new Heading(2, $"{t.Term(n.Kind)} · {n.Author}");
            yield return new Paragraph([new Run($"{t.T("Written", "撰写时间")}: {DossierText.Claimed(n.WrittenAt)} · {t.T("captured", "采集")}: {DossierText.Utc(n.CapturedAtUtc)}") { Italic = true }]) { FontSize = 8.5 };
            yield return new Quote([.. MarkdownBlocks.From(n.Markdown).Select(Demoted)]);
        }
    }

    /// <summary>A note's own headings are set as bold lines: they belong to the note, not to the dossier's contents and outline.</summary>
    private static Block Demoted(Block b) => b is Heading h ? new Paragraph([new Run(h.Text) { Bold = true }]) { FontSize = h.Level == 1 ? 12 : 10.5 } : b;

    public static IEnumerable<Block> Exhibits(DossierData d, DossierText t, DossierImages images)
    {
        yield return new Heading(1, t.T("Exhibits", "证据目录"));
        yield return t.Say("Each exhibit is attached to this PDF byte for byte under the name shown (How to verify, in the integrity appendix, saves them); its SHA-256 below is the file's.",
            "每件证据均按所示名称原样附于本 PDF（完整性附录的“如何核验”说明如何保存）；下列 SHA-256 为该文件的哈希值。");
        // Small enough that a SHA-256 stays on one line of its column.
        yield return Table.Of([0.1, 0.21, 0.08, 0.61], [t.T("Exhibit", "编号"), t.T("File", "文件"), t.T("Role", "角色"), "SHA-256"],
            d.Exhibits.Select(e => (IReadOnlyList<string>)[e.Number, $"{VisibleText.Shown(e.Artifact.OriginalFileName)} ({ByteSize.Text(e.Artifact.SizeBytes)})", t.Term(e.Artifact.Role), e.Artifact.Sha256])) with { FontSize = 7 };
        foreach (var e in PagedExhibits(d))
        {
            yield return new PageBreak();
            var a = e.Artifact;
            var blocks = new List<Block>
            {
                new Heading(2, $"{e.Number} · {VisibleText.Shown(a.OriginalFileName)}"),
                Table.KeyValue([
                    (t.T("Role", "角色"), t.Term(a.Role)),
                    ("SHA-256", a.Sha256),
                    (t.T("Type / size", "类型 / 大小"), $"{a.MediaType} / {ByteSize.Text(a.SizeBytes)}{(a.Width is { } w && a.Height is { } h ? $" / {w} × {h}" : "")}"),
                    (t.T("Claimed / captured", "声称 / 采集"), $"{DossierText.Claimed(a.ClaimedAt)} / {DossierText.Utc(a.CapturedAtUtc)}"),
                    (t.T("Metadata kept", "保留的元数据"), a.Chunks.Count == 0 ? "—" : string.Join(", ", a.Chunks.Select(c => $"{c.Container}:{c.Key}").Distinct())),
                    (t.T("Attached as", "附件名称"), DossierComposer.AttachmentName(e)),
                ], 0.22) with { FontSize = 8.5 },
            };
            if (images.Thumbnail(a, DossierImages.PageSide) is { } picture) blocks.Add(new ImageBlock(picture, 420, 440));
            yield return new KeepTogether(blocks) { Stamp = e.Number };
            if (a.MediaType.StartsWith("text/", StringComparison.Ordinal))
                foreach (var block in TextOf(a, d, t)) yield return block; // flows on, across pages if it must
        }
    }

    /// <summary>The creator's own text (a script, a statement): evidence to read, not only to attach.</summary>
    private static IEnumerable<Block> TextOf(Core.Evidence.Artifact a, DossierData d, DossierText t)
    {
        const int Shown = 8000;
        var text = File.ReadAllText(d.PathOf(a));
        var shown = text.Length <= Shown ? text : text[..Shown];
        yield return new Quote(a.MediaType == "text/markdown" ? [.. MarkdownBlocks.From(shown).Select(Demoted)] : [new CodeBlock(shown)]);
        if (shown.Length < text.Length)
            yield return t.Say($"The first {Shown} of {text.Length} characters; the whole file is attached.", $"以上为 {text.Length} 个字符中的前 {Shown} 个；完整文件已附上。");
    }

    /// <summary>The exhibits that get a page of their own: the finished work, the edited and chosen files, the creator's inputs, references.</summary>
    public static IEnumerable<Exhibit> PagedExhibits(DossierData d)
    {
        var chosen = d.Selections.Select(s => s.ChosenArtifactId).ToHashSet();
        return d.Exhibits.Where(e => e.Artifact.Role is ArtifactRole.Final or ArtifactRole.Edited or ArtifactRole.Input or ArtifactRole.Reference || chosen.Contains(e.Artifact.Id));
    }

    public static IEnumerable<Block> Integrity(DossierData d, DossierText t, bool signed)
    {
        var l = d.Ledger;
        yield return new PageBreak();
        yield return new Heading(1, t.T("Integrity appendix", "完整性附录"));
        yield return Table.KeyValue([
            (t.T("Chain", "账本链"), l.Chain),
            (t.T("Events described", "所述事件数"), l.Size.ToString(CultureInfo.InvariantCulture)),
            (t.T("Head hash (event " + l.Size + ")", $"链头哈希（第 {l.Size} 个事件）"), l.HeadHash),
            (t.T("Installation key (SHA-256 fingerprint)", "系统密钥（SHA-256 指纹）"), $"{l.KeyFingerprint} (ECDSA P-256)"),
        ], 0.3);
        if (l.Checkpoint is { } c)
        {
            yield return new Heading(2, t.T("Signed checkpoint", "已签名的检查点"));
            yield return new CodeBlock(c.Body.TrimEnd());
            yield return t.Say("A later evidence bundle of this case must extend this checkpoint: the last step of How to verify checks it.",
                "本案此后的证据包必须是此检查点的延续：“如何核验”的最后一步对此进行核验。");
            yield return new Paragraph([new Run(t.T("Signature (DER, base64)", "签名（DER，base64）")) { Bold = true }]);
            yield return new CodeBlock(c.Signature);
        }
        else yield return t.Say("No checkpoint covers this state yet.", "尚无检查点覆盖此状态。");
        yield return new Heading(2, t.T("Trusted time-stamps", "可信时间戳"));
        yield return l.Timestamps.Count == 0 ? t.Say("No RFC 3161 time-stamp is recorded.", "没有记录 RFC 3161 时间戳。")
            : Table.Of([0.15, 0.3, 0.55], [t.T("Size", "事件数"), t.T("Time (TSA)", "时间（TSA）"), t.T("Authority / reply SHA-256", "机构 / 回执 SHA-256")],
                l.Timestamps.Select(s => (IReadOnlyList<string>)[s.TreeSize.ToString(CultureInfo.InvariantCulture), DossierText.Utc(s.GenTimeUtc), $"{s.TsaName} / {Convert.ToHexStringLower(SHA256.HashData(s.Reply))}"]));
        yield return new Heading(2, t.T("Public key", "公钥"));
        yield return new CodeBlock(l.PublicKeyPem.Trim());
        yield return new Heading(2, t.T("How to verify", "如何核验"));
        foreach (var block in HowToVerify(l, t, signed)) yield return block;
    }

    /// <summary>
    /// The checks a reader runs, each a command set as a command (after a prompt, never wrapped into the prose), on the
    /// files it names: this PDF saved as dossier.pdf, the files it attaches, the case's bundle saved as bundle.zip.
    /// </summary>
    private static IEnumerable<Block> HowToVerify(LedgerState l, DossierText t, bool signed)
    {
        static Block Shell(params string[] commands) => new CodeBlock(string.Join('\n', commands)) { Shell = true };
        yield return t.Say("Save this PDF as dossier.pdf and work in its folder; type each command after its $ prompt.",
            "将本 PDF 保存为 dossier.pdf，在其所在文件夹中操作；输入每条命令中 $ 提示符之后的内容。");
        var steps = new List<ListItem>();
        if (signed)
            steps.Add(new ListItem([new Paragraph(t.T("The PDF's signature (it names the installation key's certificate):", "PDF 签名（显示本系统密钥的证书）：")), Shell("pdfsig dossier.pdf")]));
        steps.Add(new ListItem([
            new Paragraph(t.T("The originals and the appendix's files, saved into the folder; each hash must equal the exhibit list's:", "原始文件及本附录所附文件，保存到该文件夹；每个哈希须与证据目录一致：")),
            Shell("pdfdetach -saveall dossier.pdf", "sha256sum CL-*"),
        ]));
        if (l.Checkpoint is { } c)
        {
            var name = $"integrity-checkpoint-{c.TreeSize}";
            steps.Add(new ListItem([
                new Paragraph(t.T("The checkpoint's signature, which must print Verified OK:", "检查点的签名，须显示 Verified OK：")),
                Shell($"openssl dgst -sha256 -verify integrity-ledger-public.pem -signature {name}.sig {name}.txt"),
            ]));
            if (l.Timestamps.Any(s => s.TreeSize == c.TreeSize))
                steps.Add(new ListItem([
                    new Paragraph(t.T("Its time-stamp, with the authority's root certificate saved as tsa-root.pem, which must print Verification: OK:",
                        "其时间戳（将时间戳机构的根证书保存为 tsa-root.pem），须显示 Verification: OK：")),
                    Shell($"openssl ts -verify -data {name}.txt -in {name}.tsr -CAfile tsa-root.pem"),
                ]));
        }
        steps.Add(new ListItem([
            new Paragraph(l.Checkpoint is not null
                ? t.T("The chain: save the case's evidence bundle as bundle.zip and run, in a CopyrightLedger folder, the check that it is intact, signed by the key above and extends this dossier's checkpoint (so nothing this dossier describes was rewritten); it must exit 0. The bundle's VERIFY.md does the same with standard tools.",
                    "账本链：将案件的证据包保存为 bundle.zip，在 CopyrightLedger 文件夹中运行以下核验：证据包完整、由上列密钥签名，并且是本卷宗检查点的延续（即本卷宗所述内容未被改写）；须以 0 退出。证据包中的 VERIFY.md 用标准工具完成同样的核验。")
                : t.T("The chain: no checkpoint covers this state yet (export a bundle or wait for the next scheduled checkpoint, then issue the dossier again); save the case's evidence bundle as bundle.zip and run, in a CopyrightLedger folder, the check that it is intact and signed by the key above; it must exit 0.",
                    "账本链：尚无检查点覆盖此状态（请导出证据包或等待下一次定时检查点后重新生成卷宗）；将案件的证据包保存为 bundle.zip，在 CopyrightLedger 文件夹中运行以下核验：证据包完整并由上列密钥签名；须以 0 退出。")),
            Shell($"./ledger verify bundle.zip --key {l.KeyFingerprint}{(l.Checkpoint is { } cp ? $" --since {cp.TreeSize}:{cp.RootHash}" : "")}"),
        ]));
        // A step's words and its command on one page.
        yield return new ListBlock([.. steps.Select(i => i with { Blocks = [new KeepTogether(i.Blocks)] })], Ordered: true);
    }
}
