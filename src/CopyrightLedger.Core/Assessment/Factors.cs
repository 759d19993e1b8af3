namespace CopyrightLedger.Core.Assessment;

/// <summary>
/// Factors F1–F12 of DOMAIN.md, each scored 0–3 from <see cref="WorkFacts"/> with the evidence that supports it and
/// the counter-indicators found. Nothing here rewards effort as such: counts enter only through what changed.
/// </summary>
public static class Factors
{
    public static IReadOnlyList<FactorResult> Of(WorkFacts w)
    {
        // F3, F4 and F5 all read the steps between runs: measured once.
        var direction = DirectedIterationMeasure.Of(w.Runs);
        var timing = RecordTiming.Of(w.Runs, w.Notes);
        return
        [
            Integrity(w, timing), Conception(w), Recreated(PromptDesign(w, direction), timing), Recreated(ParameterControl(w, direction), timing),
            Recreated(Direction(direction), timing), Selection(w), Edits(w), OwnInputs(w), Reproducibility(w, timing), Distinctness(w), Authorship(w), Disclosure(w),
        ];
    }

    /// <summary>Prompts, settings and steps read from a re-creation say how it could be made, not how it was: flagged (the F1 gate caps the band).</summary>
    private static FactorResult Recreated(FactorResult f, RecordTiming timing) => !timing.Resimulated ? f
        : f with { CounterIndicators = [.. f.CounterIndicators, "read from generation records made after the work was published"] };

    private static FactorResult R(string id, int score, IEnumerable<string> evidence, IEnumerable<string> counter, string en, string zh) =>
        new(id, Math.Clamp(score, 0, 3), evidence.ToList(), counter.ToList(), new Wording(en, zh));

    private static FactorResult Integrity(WorkFacts w, RecordTiming timing)
    {
        var i = w.Integrity;
        var lateShare = i.Items == 0 ? 1 : (double)i.ItemsCapturedLate / i.Items;
        var score = !i.ChainIntact || i.Items == 0 ? 0
            : timing.Resimulated ? 1
            : lateShare <= 0.1 ? (i.Timestamped ? 3 : 2)
            : i.OriginalsWithGenerationMetadata > 0 ? 2 : 1;
        var evidence = new List<string>();
        if (i.ChainIntact) evidence.Add($"hash chain intact over {i.Events} event(s)");
        if (i.Checkpointed) evidence.Add("signed checkpoint");
        if (i.Timestamped) evidence.Add("RFC 3161 time-stamp");
        if (i.OriginalsWithGenerationMetadata > 0) evidence.Add($"{i.OriginalsWithGenerationMetadata} original file(s) with their generator's metadata");
        if (timing.RunsWithPlatformJob > 0) evidence.Add($"{timing.RunsWithPlatformJob} run(s) carry {timing.Platform}'s job id: the platform's own history can confirm them");
        var counter = new List<string>();
        if (timing.Resimulated) counter.Add(Resimulation(timing));
        if (i.OriginalsWithGenerationMetadata == 0) counter.Add("no original file with its generator's metadata: the process itself is not on record");
        if (!i.ChainIntact) counter.Add("the chain or the tables do not match the ledger");
        if (i.ItemsCapturedLate > 0) counter.Add($"{i.ItemsCapturedLate} of {i.Items} item(s) captured more than a day after their claimed time");
        if (!i.Timestamped) counter.Add("no trusted time-stamp yet");
        return R("F1", score, evidence, counter,
            $"Record integrity: chain {(i.ChainIntact ? "intact" : "broken")}, {i.ItemsCapturedLate} of {i.Items} item(s) captured late, {(i.Timestamped ? "time-stamped" : "not time-stamped")}.",
            $"记录完整性：哈希链{(i.ChainIntact ? "完整" : "受损")}，{i.Items} 项中 {i.ItemsCapturedLate} 项为事后采集，{(i.Timestamped ? "已加可信时间戳" : "尚无可信时间戳")}。");
    }

    private static FactorResult Conception(WorkFacts w)
    {
        var m = ConceptionMeasure.Of(w.Notes, w.Generation);
        return R("F2", m.Score,
            m.BriefsBefore.Select(n => $"brief written {n.WrittenAtUtc:yyyy-MM-dd HH:mm}Z, before the first generation ({n.Length} characters)"),
            m.BriefsAfter.Select(_ => "a brief written after generating began").Concat(m.CapturedLate.Select(_ => "a brief captured long after the time it states")),
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
        var evidence = new List<string> { $"final prompt of {last.Count} element(s)" };
        if (negative) evidence.Add("negative prompt written");
        if (prompts.Count > 1) evidence.Add($"{prompts.Count} prompt versions, {added} element(s) added along the way");
        if (explained.Count > 0) evidence.Add($"{explained.Count} prompt element(s) tied to what they should show in the creator's notes: {string.Join(", ", explained.Take(8))}{(explained.Count > 8 ? ", …" : "")}");
        var counter = last.Count <= 3 ? new[] { "a short, generic prompt anyone could write" } : [];
        return R("F3", score, evidence, counter,
            $"Prompt design: {prompts.Count} version(s); the last has {last.Count} element(s){(negative ? " and a negative prompt" : "")}.",
            $"提示词设计：共 {prompts.Count} 个版本；最终版本含 {last.Count} 个要素{(negative ? "，并有反向提示词" : "")}。");
    }

    private static FactorResult ParameterControl(WorkFacts w, DirectedIterationMeasure direction)
    {
        var nonDefault = new List<string>();
        foreach (var r in w.Runs)
        {
            if (r.Sampler is { } s && s != "Euler a" && s != "euler") nonDefault.Add($"sampler {s}");
            if (r.Steps is { } st && st != 20) nonDefault.Add($"{st} steps");
            if (r.CfgScale is { } c && c != 7) nonDefault.Add($"CFG {c}");
            if (r.Width is { } wd && r.Height is { } h && (wd, h) != (512, 512)) nonDefault.Add($"size {wd}x{h}");
            if (r.Denoise is { } d) nonDefault.Add($"denoising {d}");
            nonDefault.AddRange(r.HostedOptions.Select(o => $"--{o.Key} {o.Value}".Trim()));
        }
        var distinct = nonDefault.Distinct().ToList();
        var changes = direction.DirectedSteps.SelectMany(s => s.ChangedSettings).ToList();
        var score = distinct.Count == 0 && changes.Count == 0 ? 0 : distinct.Count >= 3 && changes.Count >= 2 ? 3 : distinct.Count >= 3 || changes.Count >= 1 ? 2 : 1;
        var counter = distinct.Count == 0 ? new[] { "every setting left at the tool's default" } : [];
        return R("F4", score, distinct.Concat(changes.Distinct().Select(c => $"changed {c} between runs")), counter,
            $"Parameter control: {distinct.Count} non-default choice(s), {changes.Count} setting change(s) between runs.",
            $"参数控制：{distinct.Count} 项非默认设置，运行之间调整参数 {changes.Count} 次。");
    }

    private static FactorResult Direction(DirectedIterationMeasure m)
    {
        var evidence = m.DirectedSteps.Select(s => $"run {s.From}→{s.To}: +{s.Prompt.Added.Count}/−{s.Prompt.Removed.Count} prompt element(s){(s.ChangedSettings.Count > 0 ? ", " + string.Join(", ", s.ChangedSettings) : "")}");
        var counter = m.Rerolls > 0 ? new[] { $"{m.Rerolls} re-roll(s): the same prompt and settings with a new seed" } : [];
        return R("F5", m.Score, evidence, counter,
            $"Directed iteration: {m.DirectedSteps.Count} change(s) between {m.Runs} run(s); {m.Rerolls} re-roll(s) count for nothing.",
            $"有方向的迭代：{m.Runs} 次运行之间有 {m.DirectedSteps.Count} 次调整；{m.Rerolls} 次仅换种子的重抽不计分。");
    }

    private static FactorResult Selection(WorkFacts w)
    {
        var m = SelectionMeasure.Of(w.Selections);
        var counter = m.LargestCandidateSet < 2 ? new[] { "no choice among several candidates is recorded" } : m.WithRationale == 0 ? ["no reason given for the choice"] : Array.Empty<string>();
        return R("F6", m.Score, w.Selections.Select(s => $"chose 1 of {s.Candidates}{(string.IsNullOrWhiteSpace(s.Rationale) ? "" : ": " + s.Rationale)}"), counter,
            $"Selection: {m.Selections} selection(s), the largest among {m.LargestCandidateSet} candidate(s), {m.WithRationale} with a reason.",
            $"选择：{m.Selections} 次选择，最多从 {m.LargestCandidateSet} 个候选中选出，其中 {m.WithRationale} 次说明了理由。");
    }

    private static FactorResult Edits(WorkFacts w)
    {
        var m = EditMeasure.Of(w.Edits);
        return R("F7", m.Score,
            w.Edits.Select(e => $"{e.Kind} with {e.Tool}{(e.ChangedShare is { } s ? $", {s:P1} of the image" : "")}"),
            m.Minor.Select(e => $"{e.Kind}: a minor edit that weighs little"),
            $"Human edits: {m.Expressive.Count} expressive, {m.Minor.Count} minor; largest change {m.LargestShare:P1} of the image.",
            $"人工修改：实质性修改 {m.Expressive.Count} 处，轻微修改 {m.Minor.Count} 处；最大改动占图像 {m.LargestShare:P1}。");
    }

    private static FactorResult OwnInputs(WorkFacts w)
    {
        var n = w.Provenance.OwnInputs;
        return R("F8", n == 0 ? 0 : n == 1 ? 2 : 3, n == 0 ? [] : [$"{n} input(s) of the creator's own used in generation"],
            w.Provenance.ThirdPartyModels.Select(m => $"third-party model or LoRA: {m}"),
            $"Own inputs: {n} of the creator's own sketches or photos feed the generation.",
            $"本人输入：{n} 份创作者自己的草图或照片用于生成。");
    }

    private static string Resimulation(RecordTiming t) =>
        $"all {t.Runs} generation record(s) date from after the work was first published ({t.FirstPublishedUtc:yyyy-MM-dd}): a re-creation, not the record of how it was made";

    private static FactorResult Reproducibility(WorkFacts w, RecordTiming timing)
    {
        var m = ReproducibilityMeasure.Of(w.Runs);
        var settings = m.Runs == 0 ? 0 : m.Completeness >= 0.95 ? 3 : m.Completeness >= 0.7 ? 2 : m.Completeness > 0 ? 1 : 0;
        // A hosted platform cannot be asked to regenerate an image exactly, but its history shows each run (Changshu).
        var score = timing.Resimulated ? Math.Min(settings, 1) : timing.PlatformHistory ? Math.Max(settings, 2) : settings;
        var evidence = new List<string>();
        if (m.Runs > 0) evidence.Add($"{m.Completeness:P0} of the settings needed to regenerate each run are recorded");
        if (timing.PlatformHistory) evidence.Add($"every run can be found in {timing.Platform}'s history by its job id");
        var counter = m.RunsMissing.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} missing in {kv.Value} run(s)").ToList();
        if (timing.Resimulated) counter.Insert(0, Resimulation(timing));
        if (m.Runs == 0) counter.Insert(0, "no generation run is recorded: nothing can be regenerated or demonstrated");
        return R("F9", score, evidence, counter,
            timing.Resimulated ? "Reproducibility: the generation records were all made after the work was published; they show a re-creation, not the process."
            : $"Reproducibility: {m.Completeness:P0} of model hash, seed, sampler, steps, CFG, size and version recorded{(timing.PlatformHistory ? $"; {timing.Platform}'s history holds every run" : "")}.",
            timing.Resimulated ? "可复现性：全部生成记录均形成于作品发表之后，只能说明事后的重新模拟，而非创作过程。"
            : $"可复现性：模型哈希、种子、采样器、步数、CFG、尺寸与版本共记录了 {m.Completeness:P0}{(timing.PlatformHistory ? $"；{timing.Platform} 平台的历史记录保存了每次运行" : "")}。");
    }

    private static FactorResult Distinctness(WorkFacts w)
    {
        var generic = PromptElements.Of(w.Runs.OrderBy(r => r.Sequence).LastOrDefault()?.Prompt).Count <= 3;
        var thirdParty = w.Provenance.ThirdPartyModels;
        // No similarity search is run yet, so this factor stops at 2.
        var score = generic ? 0 : thirdParty.Count > 0 ? 1 : 2;
        var counter = new List<string>();
        if (generic) counter.Add("anyone could regenerate it from so short a prompt");
        counter.AddRange(thirdParty.Select(m => $"third-party model or LoRA: {m}"));
        return R("F10", score, generic ? [] : ["a specific prompt and settings, not a public template"], counter,
            "Distinctness from prior works: judged from the prompt's specificity and outside models; no similarity search was run.",
            "与在先作品的区别：依据提示词的具体程度与外部模型判断；未进行相似性检索。");
    }

    private static FactorResult Authorship(WorkFacts w)
    {
        var a = w.Provenance.Actors;
        return R("F11", a == 1 ? 2 : a > 1 ? 1 : 1, a >= 1 ? [$"{a} person/people acted on the record, each named in the ledger"] : [],
            a > 1 ? ["several people acted: say who authored what"] : a == 0 ? ["no person is named on the record"] : [],
            $"Who the author is: {a} person/people named as acting in the ledger.",
            $"作者身份：账本中记录了 {a} 名操作者。");
    }

    private static FactorResult Disclosure(WorkFacts w)
    {
        var p = w.Provenance;
        var score = 1 + (p.AiLabelKept ? 1 : 0) + (p.SignedAtPublication ? 1 : 0);
        var evidence = new List<string>();
        if (p.AiLabelKept) evidence.Add("AI label or provenance manifest kept");
        if (p.SignedAtPublication) evidence.Add("signature or watermark added before publication");
        return R("F12", score, evidence, p.AiLabelKept ? [] : ["no AI label recorded on the final work"],
            "Rights and disclosure: what the record shows of labels, signatures and terms.",
            "权利与披露：记录中关于标识、署名与条款的情况。");
    }
}
