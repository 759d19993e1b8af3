namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factors F1–F12 of docs/DOMAIN.md, each scored 0–3 from <see cref="WorkFacts"/> with the evidence that supports it and
/// the counter-indicators found, each line in both languages and pointing to where the record shows it. Nothing here
/// rewards effort as such: counts enter only through what changed.
/// </summary>
public static class Factors
{
    public static IReadOnlyList<FactorResult> Of(WorkFacts w)
    {
        // F3, F4 and F5 all read the steps between runs: measured once.
        var direction = DirectedIterationMeasure.Of(w.Runs);
        var timing = RecordTiming.Of(w.Runs, w.Notes);
        var outside = OutsideMaterial.Of(w.Runs);
        return
        [
            Integrity(w, timing), Conception(w), Recreated(PromptDesign(w, direction), timing), Recreated(ParameterControl(w, direction), timing),
            Recreated(Direction(direction), timing), Selection(w), Edits(w), OwnInputs(w, outside), Reproducibility(w, timing), Distinctness(w, outside),
            Authorship(w), Disclosure(w),
        ];
    }

    private static EvidenceLine L(string en, string zh, string? section = null) => new(new Wording(en, zh), section);

    /// <summary>Prompts, settings and steps read from a re-creation say how it could be made, not how it was: flagged (the F1 gate caps the band).</summary>
    private static FactorResult Recreated(FactorResult f, RecordTiming timing) => !timing.Resimulated ? f
        : f with { CounterIndicators = [.. f.CounterIndicators, L("read from generation records made after the work was published", "依据的是作品发表之后形成的生成记录", EvidenceLine.Runs)] };

    private static FactorResult R(string id, int score, IEnumerable<EvidenceLine> evidence, IEnumerable<EvidenceLine> counter, string en, string zh) =>
        new(id, Math.Clamp(score, 0, 3), evidence.ToList(), counter.ToList(), new Wording(en, zh));

    private static FactorResult Integrity(WorkFacts w, RecordTiming timing)
    {
        var i = w.Integrity;
        var lateShare = i.Items == 0 ? 1 : (double)i.ItemsCapturedLate / i.Items;
        var score = !i.ChainIntact || i.Items == 0 ? 0
            : timing.Resimulated ? 1
            : lateShare <= 0.1 ? (i.Timestamped ? 3 : 2)
            : i.OriginalsWithGenerationMetadata > 0 ? 2 : 1;
        const string at = EvidenceLine.Integrity;
        var evidence = new List<EvidenceLine>();
        if (i.ChainIntact) evidence.Add(L($"hash chain intact over {i.Events} event(s)", $"哈希链完整，共 {i.Events} 个事件", at));
        if (i.Checkpointed) evidence.Add(L("signed checkpoint", "已签名的检查点", at));
        if (i.Timestamped) evidence.Add(L("RFC 3161 time-stamp", "RFC 3161 可信时间戳", at));
        if (i.OriginalsWithGenerationMetadata > 0)
            evidence.Add(L($"{i.OriginalsWithGenerationMetadata} original file(s) with their generator's metadata", $"{i.OriginalsWithGenerationMetadata} 个保留生成工具元数据的原始文件", EvidenceLine.Files));
        if (timing.RunsWithPlatformJob > 0)
            evidence.Add(L($"{timing.RunsWithPlatformJob} run(s) carry {timing.Platform}'s job id: the platform's own history can confirm them",
                $"{timing.RunsWithPlatformJob} 次运行带有 {timing.Platform} 的任务编号，可由平台自身的历史记录核实", EvidenceLine.Runs));
        var counter = new List<EvidenceLine>();
        if (timing.Resimulated) counter.Add(Resimulation(timing));
        if (i.OriginalsWithGenerationMetadata == 0)
            counter.Add(L("no original file with its generator's metadata: the process itself is not on record", "没有保留生成工具元数据的原始文件：创作过程本身没有记录", EvidenceLine.Files));
        if (!i.ChainIntact) counter.Add(L("the chain or the tables do not match the ledger", "哈希链或数据表与账本不一致", at));
        if (i.ItemsCapturedLate > 0)
            counter.Add(L($"{i.ItemsCapturedLate} of {i.Items} item(s) captured more than a day after their claimed time", $"{i.Items} 项中有 {i.ItemsCapturedLate} 项在其声称时间一天以后才采集", at));
        if (!i.Timestamped) counter.Add(L("no trusted time-stamp yet", "尚无可信时间戳", at));
        return R("F1", score, evidence, counter,
            $"Record integrity: chain {(i.ChainIntact ? "intact" : "broken")}, {i.ItemsCapturedLate} of {i.Items} item(s) captured late, {(i.Timestamped ? "time-stamped" : "not time-stamped")}.",
            $"记录完整性：哈希链{(i.ChainIntact ? "完整" : "受损")}，{i.Items} 项中 {i.ItemsCapturedLate} 项为事后采集，{(i.Timestamped ? "已加可信时间戳" : "尚无可信时间戳")}。");
    }

    private static FactorResult Conception(WorkFacts w)
    {
        var m = ConceptionMeasure.Of(w.Notes, w.Generation);
        const string at = EvidenceLine.Notes;
        return R("F2", m.Score,
            m.BriefsBefore.Select(n => L($"brief written {n.WrittenAtUtc:yyyy-MM-dd HH:mm}Z, before the first generation ({n.Length} characters)",
                $"构思说明写于 {n.WrittenAtUtc:yyyy-MM-dd HH:mm}Z，早于首次生成（{n.Length} 个字符）", at)),
            m.BriefsAfter.Select(_ => L("a brief written after generating began", "一份构思说明写于生成开始之后", at))
                .Concat(m.CapturedLate.Select(_ => L("a brief captured long after the time it states", "一份构思说明在其所称时间很久之后才采集", at))),
            m.BriefsBefore.Count == 0 ? "No brief or sketch is recorded before the first generation." : $"{m.BriefsBefore.Count} brief(s) recorded before the first generation.",
            m.BriefsBefore.Count == 0 ? "未记录首次生成前的构思说明或草图。" : $"首次生成前记录了 {m.BriefsBefore.Count} 份构思说明。");
    }

    private static FactorResult PromptDesign(WorkFacts w, DirectedIterationMeasure direction)
    {
        var prompts = w.Runs.OrderBy(r => r.Sequence).Select(r => r.Prompt).Distinct().ToList();
        var last = PromptElements.Of(prompts.LastOrDefault());
        var added = direction.DirectedSteps.Sum(s => s.Prompt.Added.Count);
        var negative = w.Runs.Any(r => !string.IsNullOrWhiteSpace(r.NegativePrompt));
        var explained = PromptElements.ExplainedIn(last, w.Notes.Where(n => !n.Kind.Equals("publication", StringComparison.OrdinalIgnoreCase)).Select(n => n.Text));
        var score = last.Count <= 3 ? 0 : last.Count >= 10 && negative ? (added >= 5 || explained.Count >= PromptElements.Mapped ? 3 : 2) : 1;
        const string at = EvidenceLine.Runs;
        var evidence = new List<EvidenceLine> { L($"final prompt of {last.Count} element(s)", $"最终提示词含 {last.Count} 个要素", at) };
        if (negative) evidence.Add(L("negative prompt written", "写有反向提示词", at));
        if (prompts.Count > 1) evidence.Add(L($"{prompts.Count} prompt versions, {added} element(s) added along the way", $"{prompts.Count} 个提示词版本，过程中新增 {added} 个要素", at));
        if (explained.Count > 0)
        {
            var list = string.Join(", ", explained.Take(8)) + (explained.Count > 8 ? ", …" : "");
            evidence.Add(L($"{explained.Count} prompt element(s) tied to what they should show in the creator's notes: {list}",
                $"创作者的笔记说明了 {explained.Count} 个提示词要素各自应呈现的内容：{list}", EvidenceLine.Notes));
        }
        var counter = last.Count <= 3 ? new[] { L("a short, generic prompt anyone could write", "简短、通用、任何人都能写出的提示词", at) } : [];
        return R("F3", score, evidence, counter,
            $"Prompt design: {prompts.Count} version(s); the last has {last.Count} element(s){(negative ? " and a negative prompt" : "")}.",
            $"提示词设计：共 {prompts.Count} 个版本；最终版本含 {last.Count} 个要素{(negative ? "，并有反向提示词" : "")}。");
    }

    private static FactorResult ParameterControl(WorkFacts w, DirectedIterationMeasure direction)
    {
        var nonDefault = new List<Wording>();
        Wording Set(string name, string value) => new($"{FactorTexts.Setting(name).En} {value}", $"{FactorTexts.Setting(name).Zh} {value}");
        foreach (var r in w.Runs)
        {
            if (r.Sampler is { } s && s != "Euler a" && s != "euler") nonDefault.Add(Set("sampler", s));
            if (r.Steps is { } st && st != 20) nonDefault.Add(new($"{st} steps", $"步数 {st}"));
            if (r.CfgScale is { } c && c != 7) nonDefault.Add(new($"CFG {c}", $"CFG {c}"));
            if (r.Width is { } wd && r.Height is { } h && (wd, h) != (512, 512)) nonDefault.Add(Set("size", $"{wd}x{h}"));
            if (r.Denoise is { } d) nonDefault.Add(Set("denoise", d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            nonDefault.AddRange(r.HostedOptions.Select(o => { var t = $"--{o.Key} {o.Value}".Trim(); return new Wording(t, t); }));
        }
        var distinct = nonDefault.Distinct().ToList();
        var changes = direction.DirectedSteps.SelectMany(s => s.ChangedSettings).ToList();
        var score = distinct.Count == 0 && changes.Count == 0 ? 0 : distinct.Count >= 3 && changes.Count >= 2 ? 3 : distinct.Count >= 3 || changes.Count >= 1 ? 2 : 1;
        const string at = EvidenceLine.Runs;
        var counter = distinct.Count == 0 ? new[] { L("every setting left at the tool's default", "所有设置均为工具默认值", at) } : [];
        return R("F4", score,
            distinct.Select(d => L(d.En, $"非默认设置：{d.Zh}", at)).Concat(changes.Distinct().Select(c => L($"changed {FactorTexts.Setting(c).En} between runs", $"运行之间调整了{FactorTexts.Setting(c).Zh}", at))), counter,
            $"Parameter control: {distinct.Count} non-default choice(s), {changes.Count} setting change(s) between runs.",
            $"参数控制：{distinct.Count} 项非默认设置，运行之间调整参数 {changes.Count} 次。");
    }

    private static FactorResult Direction(DirectedIterationMeasure m)
    {
        const string at = EvidenceLine.Runs;
        var evidence = m.DirectedSteps.Select(s =>
        {
            var settings = s.ChangedSettings.Count > 0 ? ", " + string.Join(", ", s.ChangedSettings.Select(c => FactorTexts.Setting(c).En)) : "";
            var settingsZh = s.ChangedSettings.Count > 0 ? "，" + string.Join("、", s.ChangedSettings.Select(c => FactorTexts.Setting(c).Zh)) : "";
            return L($"run {s.From}→{s.To}: +{s.Prompt.Added.Count}/−{s.Prompt.Removed.Count} prompt element(s){settings}",
                $"第 {s.From}→{s.To} 次运行：提示词要素 +{s.Prompt.Added.Count}/−{s.Prompt.Removed.Count}{settingsZh}", at);
        });
        var counter = m.Rerolls > 0 ? new[] { L($"{m.Rerolls} re-roll(s): the same prompt and settings with a new seed", $"{m.Rerolls} 次重抽：提示词与设置不变，仅更换种子", at) } : [];
        return R("F5", m.Score, evidence, counter,
            $"Directed iteration: {m.DirectedSteps.Count} change(s) between {m.Runs} run(s); {m.Rerolls} re-roll(s) count for nothing.",
            $"有方向的迭代：{m.Runs} 次运行之间有 {m.DirectedSteps.Count} 次调整；{m.Rerolls} 次仅换种子的重抽不计分。");
    }

    private static FactorResult Selection(WorkFacts w)
    {
        var m = SelectionMeasure.Of(w.Selections);
        const string at = EvidenceLine.Selection;
        var counter = m.LargestCandidateSet < 2 ? new[] { L("no choice among several candidates is recorded", "没有记录从多个候选中进行的选择", at) }
            : m.WithRationale > 0 ? Array.Empty<EvidenceLine>()
            : m.WithShortReason > 0 ? [L($"the reason given is too short to show why this one was chosen (under {SelectionMeasure.ReasonedBelow} characters)",
                $"所述理由过短（不足 {SelectionMeasure.ReasonedBelow} 个字符），不足以说明为何选择该候选", at)]
            : [L("no reason given for the choice", "未说明选择理由", at)];
        return R("F6", m.Score,
            w.Selections.Select(s => s.Reason.Length == 0
                ? L($"chose 1 of {s.Candidates}", $"从 {s.Candidates} 个候选中选出 1 个", at)
                : s.Rationale.Trim().Length > 0
                    ? L($"chose 1 of {s.Candidates}: {s.Reason}", $"从 {s.Candidates} 个候选中选出 1 个：{s.Reason}", at)
                    : L($"chose 1 of {s.Candidates}, as the selection note says: {s.Reason}", $"从 {s.Candidates} 个候选中选出 1 个，选择说明写道：{s.Reason}", at)), counter,
            $"Selection: {m.Selections} selection(s), the largest among {m.LargestCandidateSet} candidate(s), {m.WithRationale} with a reason.",
            $"选择：{m.Selections} 次选择，最多从 {m.LargestCandidateSet} 个候选中选出，其中 {m.WithRationale} 次说明了理由。");
    }

    private static FactorResult Edits(WorkFacts w)
    {
        var m = EditMeasure.Of(w.Edits);
        var unmeasured = w.Edits.Count(e => e.Unreadable is { Count: > 0 });
        const string at = EvidenceLine.Edits;
        return R("F7", m.Score,
            w.Edits.Select(e => L($"{e.Kind} with {e.Tool}{(e.ChangedShare is { } s ? $", {s:P1} of the image" : "")}",
                $"使用 {e.Tool} 进行的{FactorTexts.EditKindZh(e.Kind)}修改{(e.ChangedShare is { } s2 ? $"，占图像 {s2:P1}" : "")}", at)),
            m.Minor.Select(e => e.ChangedShare is { } s && s < EditMeasure.MinorShareBelow
                ? L($"{e.Kind}: changes only {s:P1} of the image, a minor edit that weighs little", $"{FactorTexts.EditKindZh(e.Kind)}：仅改动图像的 {s:P1}，属轻微修改，分量很小", at)
                : L($"{e.Kind}: a minor edit that weighs little", $"{FactorTexts.EditKindZh(e.Kind)}：轻微修改，分量很小", at))
                .Concat(Unreadable(w.Edits)),
            $"Human edits: {m.Expressive.Count} expressive, {m.Minor.Count} minor; largest change {m.LargestShare:P1} of the image."
                + (unmeasured > 0 ? $" {unmeasured} edit(s) could not be measured: a file is missing or unreadable." : ""),
            $"人工修改：实质性修改 {m.Expressive.Count} 处，轻微修改 {m.Minor.Count} 处；最大改动占图像 {m.LargestShare:P1}。"
                + (unmeasured > 0 ? $"{unmeasured} 处修改因文件缺失或无法读取而未能测量。" : ""));
    }

    /// <summary>The files an edit could not be measured on: a counter-indicator, since the change cannot be shown.</summary>
    private static IEnumerable<EvidenceLine> Unreadable(IEnumerable<EditFacts> edits) =>
        edits.SelectMany(e => (e.Unreadable ?? []).Select(f => f.Missing
            ? L($"{e.Kind}: {f.Name} is missing from the file store, so the change could not be measured; the edit counts by its kind only",
                $"{FactorTexts.EditKindZh(e.Kind)}：文件存储中缺少 {f.Name}，无法测量改动；该修改仅按类型计分", EvidenceLine.Files)
            : L($"{e.Kind}: {f.Name} could not be decoded, so the change could not be measured; the edit counts by its kind only",
                $"{FactorTexts.EditKindZh(e.Kind)}：无法解码 {f.Name}，无法测量改动；该修改仅按类型计分", EvidenceLine.Files)));

    private static FactorResult OwnInputs(WorkFacts w, IReadOnlyList<string> outside)
    {
        var n = w.Provenance.OwnInputs;
        return R("F8", n == 0 ? 0 : n == 1 ? 2 : 3, n == 0 ? [] : [L($"{n} input(s) of the creator's own used in the work", $"作品中使用了创作者本人的 {n} 份输入", EvidenceLine.Files)],
            outside.Select(m => L($"outside material: {m}", $"外部素材：{m}", EvidenceLine.Runs)),
            $"Own inputs: {n} of the creator's own sketches, photos or texts go into the work.",
            $"本人输入：{n} 份创作者自己的草图、照片或文字用于作品。");
    }

    private static EvidenceLine Resimulation(RecordTiming t) =>
        L($"all {t.Runs} generation record(s) date from after the work was first published ({t.FirstPublishedUtc:yyyy-MM-dd}): a re-creation, not the record of how it was made",
            $"全部 {t.Runs} 条生成记录均形成于作品首次发表（{t.FirstPublishedUtc:yyyy-MM-dd}）之后：是事后的重新模拟，而非创作过程的记录", EvidenceLine.Runs);

    private static FactorResult Reproducibility(WorkFacts w, RecordTiming timing)
    {
        var m = ReproducibilityMeasure.Of(w.Runs);
        var settings = m.Runs == 0 ? 0 : m.Completeness >= 0.95 ? 3 : m.Completeness >= 0.7 ? 2 : m.Completeness > 0 ? 1 : 0;
        // A hosted platform cannot be asked to regenerate an image exactly, but its history shows each run (Changshu).
        var score = timing.Resimulated ? Math.Min(settings, 1) : timing.PlatformHistory ? Math.Max(settings, 2) : settings;
        const string at = EvidenceLine.Runs;
        var evidence = new List<EvidenceLine>();
        if (m.Runs > 0) evidence.Add(L($"{m.Completeness:P0} of the settings needed to regenerate each run are recorded", $"记录了重新生成各次运行所需设置的 {m.Completeness:P0}", at));
        if (timing.PlatformHistory) evidence.Add(L($"every run can be found in {timing.Platform}'s history by its job id", $"每次运行都可凭任务编号在 {timing.Platform} 的历史记录中找到", at));
        var counter = m.RunsMissing.Where(kv => kv.Value > 0).Select(kv => L($"{kv.Key} missing in {kv.Value} run(s)", $"{kv.Value} 次运行缺少{FactorTexts.Setting(kv.Key).Zh}", at)).ToList();
        if (timing.Resimulated) counter.Insert(0, Resimulation(timing));
        if (m.Runs == 0) counter.Insert(0, L("no generation run is recorded: nothing can be regenerated or demonstrated", "没有记录任何生成运行：无从重新生成或演示", at));
        return R("F9", score, evidence, counter,
            timing.Resimulated ? "Reproducibility: the generation records were all made after the work was published; they show a re-creation, not the process."
            : $"Reproducibility: {m.Completeness:P0} of model hash, seed, sampler, steps, CFG, size and version recorded{(timing.PlatformHistory ? $"; {timing.Platform}'s history holds every run" : "")}.",
            timing.Resimulated ? "可复现性：全部生成记录均形成于作品发表之后，只能说明事后的重新模拟，而非创作过程。"
            : $"可复现性：模型哈希、种子、采样器、步数、CFG、尺寸与版本共记录了 {m.Completeness:P0}{(timing.PlatformHistory ? $"；{timing.Platform} 平台的历史记录保存了每次运行" : "")}。");
    }

    private static FactorResult Distinctness(WorkFacts w, IReadOnlyList<string> outside)
    {
        var generic = PromptElements.Of(w.Runs.OrderBy(r => r.Sequence).LastOrDefault()?.Prompt).Count <= 3;
        var s = w.Similarity;
        var close = s.Compared > 0 && s.Closest is { } d && d <= SimilarityFacts.CloseBelow;
        // Without a comparison with recorded references, distinctness stops at 2.
        var score = generic || close ? 0 : outside.Count > 0 ? 1 : s.Compared > 0 ? 3 : 2;
        var evidence = new List<EvidenceLine>();
        if (!generic) evidence.Add(L("a specific prompt and settings, not a public template", "具体的提示词与设置，而非公开模板", EvidenceLine.Runs));
        if (s.Compared > 0 && !close)
            evidence.Add(L($"the final compared with {s.Compared} recorded reference image(s): none close (nearest at {s.Closest} of 64 bits)",
                $"最终作品与 {s.Compared} 张已记录的参考图比对：均不相近（最近距离 {s.Closest}/64 位）", EvidenceLine.Files));
        var counter = new List<EvidenceLine>();
        if (generic) counter.Add(L("anyone could regenerate it from so short a prompt", "提示词如此简短，任何人都能生成类似结果", EvidenceLine.Runs));
        if (close) counter.Add(L($"the final is visually close to a recorded reference image ({s.Closest} of 64 bits differ)", $"最终作品与一张已记录的参考图在视觉上相近（64 位中仅 {s.Closest} 位不同）", EvidenceLine.Files));
        counter.AddRange(outside.Select(m => L($"outside material: {m}", $"外部素材：{m}", EvidenceLine.Runs)));
        return R("F10", score, evidence, counter,
            s.Compared > 0 ? $"Distinctness from prior works: the prompt's specificity, outside material, and a perceptual comparison with {s.Compared} recorded reference(s)."
                : "Distinctness from prior works: judged from the prompt's specificity and outside material; no reference image is recorded to compare with.",
            s.Compared > 0 ? $"与在先作品的区别：依据提示词的具体程度、外部素材，以及与 {s.Compared} 张已记录参考图的感知比对。"
                : "与在先作品的区别：依据提示词的具体程度与外部素材判断；没有可供比对的已记录参考图。");
    }

    private static FactorResult Authorship(WorkFacts w)
    {
        var a = w.Provenance.Actors;
        const string at = EvidenceLine.Integrity;
        return R("F11", a == 1 ? 2 : 1, a >= 1 ? [L($"{a} person/people acted on the record, each named in the ledger", $"{a} 人在记录上操作，每人均在账本中具名", at)] : [],
            a > 1 ? [L("several people acted: say who authored what", "多人参与操作：请说明各自创作了什么", at)] : a == 0 ? [L("no person is named on the record", "记录中没有具名的操作者", at)] : [],
            $"Who the author is: {a} person/people named as acting in the ledger.",
            $"作者身份：账本中记录了 {a} 名操作者。");
    }

    private static FactorResult Disclosure(WorkFacts w)
    {
        var p = w.Provenance;
        var score = 1 + (p.AiLabelKept ? 1 : 0) + (p.SignedAtPublication ? 1 : 0);
        var evidence = new List<EvidenceLine>();
        if (p.AiLabelKept) evidence.Add(L("AI label or provenance manifest kept", "保留了 AI 标识或来源清单", EvidenceLine.Files));
        if (p.SignedAtPublication) evidence.Add(L("signature or watermark added before publication", "发表前添加了署名或水印", EvidenceLine.Edits));
        return R("F12", score, evidence, p.AiLabelKept ? [] : [L("no AI label recorded on the final work", "最终作品上没有记录 AI 标识", EvidenceLine.Files)],
            "Rights and disclosure: what the record shows of labels, signatures and terms.",
            "权利与披露：记录中关于标识、署名与条款的情况。");
    }
}
