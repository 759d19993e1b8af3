using System.Globalization;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Features.Dossier.Layout;
using CopyrightLedger.Web.Features.Shared;

namespace CopyrightLedger.Web.Features.Dossier;

/// <summary>
/// Lays out a work's dossier from <see cref="DossierData"/>: cover, contents, the assessment, the story from
/// conception to selection, the timeline, then the record itself (<see cref="DossierSections"/>). It reads no clock:
/// the dossier's date is the time of the case's last evidence event, so the same state gives the same document.
/// </summary>
public static class DossierComposer
{
    public static LayoutDocument Compose(DossierData d, DossierText t, bool signed)
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(d.Ledger.LastEventUtc, DateTimeKind.Utc));
        var doc = new LayoutDocument(
            new DocumentInfo($"{t.T("Evidence dossier", "证据卷宗")}: {d.Work.Title}", "CopyrightLedger", d.Case.Title,
                $"copyright, AI-assisted work, evidence, {d.Assessment.Profile.Id}, {d.Ledger.HeadHash}"), created)
        {
            Page = new PageSettings
            {
                HeaderLeft = $"CopyrightLedger · {d.Case.Title}",
                HeaderRight = $"{t.T("Record as of", "记录截至")} {DossierText.Utc(d.Ledger.LastEventUtc)}",
                FooterFormat = t.Footer,
                FooterLeft = signed ? t.T("Signed", "已签名") : t.T("Unsigned draft", "未签名草稿"),
            },
            PdfA = true,
        };
        var images = new DossierImages(d.PathOf);
        images.Prepare(d.Exhibits.Select(e => (e.Artifact, DossierImages.RowSide))
            .Concat(DossierSections.PagedExhibits(d).Select(e => (e.Artifact, DossierImages.PageSide))));
        doc.AddRange(Cover(d, t, signed));
        // Every run and note has its own heading: past a few dozen, the contents list the sections only (the outline keeps all).
        doc.Add(new PageBreak()); // the contents on a page of their own, not split after the cover
        doc.Add(new TocBlock(t.T("Contents", "目录"), MaxLevel: d.Iterations.Count + d.Edits.Count + d.Notes.Count <= 40 ? 2 : 1));
        doc.Add(new PageBreak());
        doc.AddRange(Assessment(d, t));
        doc.AddRange(Narrative(d, t));
        doc.AddRange(Timeline(d, t));
        doc.AddRange(DossierSections.Runs(d, t, images));
        doc.AddRange(DossierSections.Edits(d, t, images));
        doc.AddRange(DossierSections.Notes(d, t));
        doc.AddRange(DossierSections.Exhibits(d, t, images));
        doc.AddRange(DossierSections.Integrity(d, t, signed));
        foreach (var e in d.Exhibits)
            doc.AddEmbeddedFile(AttachmentName(e), File.ReadAllBytes(d.PathOf(e.Artifact)), e.Artifact.MediaType,
                $"{e.Number}: {VisibleText.Shown(e.Artifact.OriginalFileName)}, SHA-256 {e.Artifact.Sha256}");
        foreach (var (name, bytes, type, what) in IntegrityFiles(d.Ledger)) doc.AddEmbeddedFile(name, bytes, type, what);
        return doc;
    }

    /// <summary>
    /// The files the appendix's checks run on, attached so they need no retyping: the public key, the checkpoint that
    /// covers the state (its exact text and DER signature), and its RFC 3161 reply when it was time-stamped.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Bytes, string Type, string What)> IntegrityFiles(LedgerState l)
    {
        yield return ("integrity-ledger-public.pem", System.Text.Encoding.ASCII.GetBytes(l.PublicKeyPem.Trim() + "\n"), "application/x-pem-file", $"the installation's public key {l.KeyId}");
        if (l.Checkpoint is not { } c) yield break;
        yield return ($"integrity-checkpoint-{c.TreeSize}.txt", System.Text.Encoding.UTF8.GetBytes(c.Body), "text/plain", "the signed checkpoint text");
        yield return ($"integrity-checkpoint-{c.TreeSize}.sig", Convert.FromBase64String(c.Signature), "application/octet-stream", "its DER ECDSA signature");
        if (l.Timestamps.FirstOrDefault(t => t.TreeSize == c.TreeSize) is { } stamp)
            yield return ($"integrity-checkpoint-{c.TreeSize}.tsr", stamp.Reply, "application/timestamp-reply", $"RFC 3161 time-stamp of the checkpoint text by {stamp.TsaName}");
    }

    /// <summary>The name an original is attached under: its exhibit number, then its own name.</summary>
    public static string AttachmentName(Exhibit e) => $"{e.Number}-{VisibleText.Shown(e.Artifact.OriginalFileName).Replace('/', '_')}";

    private static IEnumerable<Block> Cover(DossierData d, DossierText t, bool signed)
    {
        var a = d.Assessment;
        yield return new Heading(1, t.T("Evidence dossier", "证据卷宗"));
        yield return new Paragraph([new Run(d.Work.Title) { Bold = true }]) { FontSize = 16 };
        yield return Table.KeyValue([
            (t.T("Case", "案件"), d.Case.Title),
            (t.T("Work", "作品"), $"{d.Work.Title} ({t.Term(d.Work.Medium)})"),
            (t.T("Claimed authors", "主张的作者"), string.IsNullOrWhiteSpace(d.Work.ClaimedAuthors) ? "—" : d.Work.ClaimedAuthors),
            (t.T("Parties on the record", "记录中的当事人"), string.Join("; ", d.Members.Select(m => $"{m.Name} ({t.Term(m.Role)})"))),
            (t.T("Profile", "评估框架"), $"{a.Profile.Id}: {t.T(a.Profile.Name)}"),
            (t.T("State of the record", "记录状态"), $"{DossierText.Utc(d.Ledger.LastEventUtc)} · {t.T("event", "事件")} {d.Ledger.Size}"),
            (t.T("Chain head (SHA-256)", "账本链头（SHA-256）"), d.Ledger.HeadHash),
            (t.T("Exhibits", "证据"), $"{d.Exhibits.Count} · CL-000001 – CL-{d.Exhibits.Count:000000}"),
            (t.T("Installation key (SHA-256 fingerprint)", "系统密钥（SHA-256 指纹）"), Ledger.SigningKey.Grouped(d.Ledger.KeyFingerprint)),
            (t.T("Signer", "签名者"), signed
                ? t.T("this installation's key above (ECDSA P-256); the signature is in the PDF", "上列本系统密钥（ECDSA P-256）；签名嵌于本 PDF")
                : t.T("none: an unsigned draft", "无：未签名草稿")),
        ], 0.32);
        yield return new Spacer(8);
        yield return new QrBlock($"copyrightledger:chain={d.Ledger.Chain};size={d.Ledger.Size};head={d.Ledger.HeadHash}", 96)
        {
            Caption = t.T("The chain's state this dossier describes", "本卷宗所描述的账本状态"),
        };
        yield return new Spacer(8);
        yield return t.Say(a.Profile.Disclaimer);
        yield return t.Say("Every original is attached to this PDF unchanged (see the exhibit list); the pages show reduced copies.",
            "所有原始文件均原样附于本 PDF（见证据目录）；页面中显示的是缩小后的副本。");
    }

    private static IEnumerable<Block> Assessment(DossierData d, DossierText t)
    {
        var a = d.Assessment;
        var r = a.Result;
        yield return new Heading(1, t.T("Assessment", "评估"));
        yield return t.Say(a.Profile.Basis);
        if (a.Profile.Kind == "score")
            yield return Table.KeyValue([
                (t.T("Band", "等级"), $"{t.Band(r.Band.Band)} ({r.Band.Share.ToString("P0", CultureInfo.InvariantCulture)})"),
                (t.T("Capped by", "受限于"), r.Band.GatesApplied.Count == 0 ? "—" : string.Join("; ", r.Band.GatesApplied.Select(g => $"{g.Factor}: {t.T(g.Why)}"))),
                (t.T("Carried by", "主要依据"), r.Decisive.Count == 0 ? "—" : string.Join(", ", r.Decisive.Select(f => $"{f} {t.T(FactorTexts.Names[f])}"))),
            ]);
        yield return t.Say(r.Summary);
        if (a.Usco is { } usco)
        {
            yield return new Heading(2, t.T("Registration wording (draft)", "登记措辞（草稿）"));
            yield return Table.KeyValue([(t.T("Author Created", "作者创作部分"), t.T(usco.AuthorCreated)), (t.T("Material Excluded", "排除的内容"), t.T(usco.MaterialExcluded))]);
        }
        yield return new Heading(2, t.T("Factors", "各项因素"));
        yield return Table.Of([0.07, 0.22, 0.09, 0.1, 0.52],
            ["#", t.T("Factor", "因素"), t.T("Score", "得分"), t.T("Weight", "权重"), t.T("Why", "理由")],
            r.Factors.Select(f => (IReadOnlyList<string>)[f.Id, t.T(FactorTexts.Names[f.Id]), $"{f.Score}/3", a.Profile.Factors[f.Id].Weight.ToString(CultureInfo.InvariantCulture), t.T(f.Explanation)]));
        foreach (var f in r.Factors.Where(f => f.Evidence.Count + f.CounterIndicators.Count > 0))
            yield return new KeepTogether([
                new Paragraph([new Run($"{f.Id} {t.T(FactorTexts.Names[f.Id])}") { Bold = true }]),
                new ListBlock([.. Lines(f.Evidence, "✓", t), .. Lines(f.CounterIndicators, "✗", t)]),
            ]);
        if (a.Strengthen.Count > 0)
        {
            yield return new Heading(2, t.T("What would strengthen this record", "如何加强本记录"));
            yield return new ListBlock([.. a.Strengthen.Select(f => new ListItem($"{t.T(FactorTexts.Names[f])}: {t.T(FactorTexts.Strengthen[f])}"))]);
        }
    }

    /// <summary>A factor's lines, the first ten of a kind; the rest are counted (each run's step is in its own section).</summary>
    private static IEnumerable<ListItem> Lines(IReadOnlyList<EvidenceLine> lines, string mark, DossierText t)
    {
        const int Shown = 10;
        foreach (var line in lines.Take(Shown)) yield return new ListItem(t.T(line.Text)) { Marker = mark };
        if (lines.Count > Shown)
            yield return new ListItem(t.T($"… and {lines.Count - Shown} more of the same kind (see the sections below)", $"……另有 {lines.Count - Shown} 条同类记录（见下文各节）")) { Marker = mark };
    }

    /// <summary>The record told in order, from the first brief to the final file; every sentence counts what the record holds.</summary>
    private static IEnumerable<Block> Narrative(DossierData d, DossierText t)
    {
        var m = d.Assessment.Direction;
        var first = d.Iterations.Select(i => i.ClaimedAtUtc ?? i.CapturedAtUtc).DefaultIfEmpty().Min();
        var briefs = d.Notes.Where(n => n.Kind == NoteKind.Brief).ToList();
        var before = briefs.Count(n => d.Iterations.Count > 0 && n.WrittenAtUtc < first);
        yield return new Heading(1, t.T("From conception to selection", "从构思到选定"));
        var items = new List<ListItem>
        {
            new(t.T($"Conception: {briefs.Count} brief(s) on record, {before} written before the first generation.",
                $"构思：记录中有 {briefs.Count} 份构思说明，其中 {before} 份写于首次生成之前。")),
            new(t.T($"Generation: {d.Iterations.Count} run(s) with {d.Exhibits.Count(e => e.Artifact.IterationId is not null)} output(s); {m.DirectedSteps.Count} directed change(s) of prompt or settings, {m.Rerolls} re-roll(s).",
                $"生成：共 {d.Iterations.Count} 次运行、{d.Exhibits.Count(e => e.Artifact.IterationId is not null)} 个输出；提示词或设置有方向的调整 {m.DirectedSteps.Count} 次，重抽 {m.Rerolls} 次。")),
            new(t.T($"Selection: {d.Selections.Count} choice(s), {d.Selections.Count(s => !string.IsNullOrWhiteSpace(s.Rationale))} with a stated reason.",
                $"选择：共 {d.Selections.Count} 次选择，其中 {d.Selections.Count(s => !string.IsNullOrWhiteSpace(s.Rationale))} 次说明了理由。")),
            new(t.T($"Human edits: {d.Edits.Count} ({string.Join(", ", d.Edits.Select(e => t.Term(e.Kind)).Distinct())}).",
                $"人工修改：共 {d.Edits.Count} 处（{string.Join("、", d.Edits.Select(e => t.Term(e.Kind)).Distinct())}）。")),
            new(t.T($"Finished work: {string.Join(", ", d.Exhibits.Where(e => e.Artifact.Role == ArtifactRole.Final).Select(e => $"{e.Number} {VisibleText.Shown(e.Artifact.OriginalFileName)}").DefaultIfEmpty("none marked"))}.",
                $"成品：{string.Join("、", d.Exhibits.Where(e => e.Artifact.Role == ArtifactRole.Final).Select(e => $"{e.Number} {VisibleText.Shown(e.Artifact.OriginalFileName)}").DefaultIfEmpty("未标注"))}。")),
        };
        yield return new ListBlock(items, Ordered: true);
    }

    /// <summary>Every dated item in order of the time it claims, beside the time the installation captured it.</summary>
    private static IEnumerable<Block> Timeline(DossierData d, DossierText t)
    {
        var rows = new List<(DateTime Order, DateTime? Claimed, DateTime Captured, string What)>();
        foreach (var n in d.Notes) rows.Add((n.WrittenAtUtc, n.WrittenAtUtc, n.CapturedAtUtc, $"{t.T("note", "笔记")} ({t.Term(n.Kind)}) {n.Author}"));
        foreach (var i in d.Iterations) rows.Add((i.ClaimedAtUtc ?? i.CapturedAtUtc, i.ClaimedAtUtc, i.CapturedAtUtc, $"{t.T("run", "运行")} #{i.Sequence} ({i.Generator})"));
        foreach (var e in d.Exhibits.Where(e => e.Artifact.IterationId is null))
            rows.Add((e.Artifact.ClaimedAtUtc ?? e.Artifact.CapturedAtUtc, e.Artifact.ClaimedAtUtc, e.Artifact.CapturedAtUtc, $"{e.Number} {VisibleText.Shown(e.Artifact.OriginalFileName)} ({t.Term(e.Artifact.Role)})"));
        foreach (var s in d.Selections) rows.Add((s.SelectedAtUtc, null, s.SelectedAtUtc, $"{t.T("selection", "选择")}: {d.ExhibitOf(s.ChosenArtifactId)?.Number}"));
        foreach (var e in d.Edits) rows.Add((e.PerformedAtUtc ?? e.CapturedAtUtc, e.PerformedAtUtc, e.CapturedAtUtc, $"{t.T("edit", "修改")} ({t.Term(e.Kind)}) {d.ExhibitOf(e.FromArtifactId)?.Number} → {d.ExhibitOf(e.ToArtifactId)?.Number}"));
        yield return new Heading(1, t.T("Timeline", "时间线"));
        yield return t.Say("Claimed: when the item says it was made (the file's metadata, the author's note). Captured: when this installation first held it. A gap of more than a day is marked ⚠.",
            "声称时间：该项自称的形成时间（文件元数据、作者的笔记）。采集时间：本系统首次保存该项的时间。相差超过一天的标记为 ⚠。");
        yield return Table.Of([0.23, 0.23, 0.05, 0.49], [t.T("Claimed (UTC)", "声称时间（UTC）"), t.T("Captured (UTC)", "采集时间（UTC）"), "", t.T("Item", "项目")],
            rows.OrderBy(r => r.Order).ThenBy(r => r.What, StringComparer.Ordinal)
                .Select(r => (IReadOnlyList<string>)[r.Claimed is { } c ? DossierText.Clock(c) : "—", DossierText.Clock(r.Captured), LateCapture.Is(r.Order, r.Captured) ? "⚠" : "", r.What])) with { FontSize = 8 };
    }
}
