namespace CopyrightLedger.Core.Assessment;

/// <summary>The factors' names, and what would strengthen a record that scores low on each, in both languages.</summary>
public static class FactorTexts
{
    public static readonly IReadOnlyDictionary<string, Wording> Names = new Dictionary<string, Wording>
    {
        ["F1"] = new("Record integrity and contemporaneity", "记录完整性与同期性"),
        ["F2"] = new("Prior conception", "事先构思"),
        ["F3"] = new("Prompt design", "提示词设计"),
        ["F4"] = new("Parameter and model control", "参数与模型控制"),
        ["F5"] = new("Directed iteration", "有方向的迭代"),
        ["F6"] = new("Selection and curation", "选择与取舍"),
        ["F7"] = new("Human edits", "人工修改"),
        ["F8"] = new("Own inputs perceptible in the output", "输出中可感知的本人输入"),
        ["F9"] = new("Reproducibility", "可复现性"),
        ["F10"] = new("Distinct from prior works", "与在先作品的区别"),
        ["F11"] = new("Who the author is", "作者身份"),
        ["F12"] = new("Rights terms and disclosure", "权利条款与披露"),
    };

    /// <summary>The names of a run's settings (<see cref="IterationFacts.Settings"/>, <see cref="ReproducibilityMeasure.Fields"/>); a hosted service's own options stay as it spells them.</summary>
    public static Wording Setting(string name) => name switch
    {
        "model" => new("model", "模型"),
        "model hash" => new("model hash", "模型哈希"),
        "seed" => new("seed", "种子"),
        "software version" => new("software version", "软件版本"),
        "sampler" => new("sampler", "采样器"),
        "steps" => new("steps", "步数"),
        "cfg" => new("cfg", "CFG"),
        "size" => new("size", "尺寸"),
        "denoise" => new("denoising", "重绘幅度"),
        _ => new(name, name),
    };

    /// <summary>An edit's kind (<see cref="Evidence.EditKind"/>) in Chinese, as the app's string table names it (English keeps the kind's name).</summary>
    public static string EditKindZh(string kind) => kind.ToLowerInvariant() switch
    {
        "inpaint" => "局部重绘",
        "paintover" => "手绘覆盖",
        "composite" => "合成",
        "crop" => "裁剪",
        "color" => "调色",
        "retouch" => "修饰",
        "text" => "文字",
        "sticker" => "贴纸",
        _ => "其他修改",
    };

    public static readonly IReadOnlyDictionary<string, Wording> Strengthen = new Dictionary<string, Wording>
    {
        ["F1"] = new("Capture outputs as they are made (the ingest API), and configure a time-stamping authority.", "在生成时即采集输出（使用采集 API），并配置可信时间戳服务。"),
        ["F2"] = new("Write a brief or sketch before generating, and record it at once.", "在生成前撰写构思说明或草图，并立即记录。"),
        ["F3"] = new("Develop the prompt: name the elements you want, and keep each version.", "逐步完善提示词：写明想要的各个要素，并保留每个版本。"),
        ["F4"] = new("Choose settings deliberately and record why you changed them.", "有意识地选择参数，并记录调整的原因。"),
        ["F5"] = new("Change the prompt or settings between runs for a reason, instead of re-rolling seeds.", "在各次运行之间有目的地调整提示词或参数，而不是反复更换种子。"),
        ["F6"] = new("Keep all candidates with the rejects, and write why you chose one.", "保留全部候选（包括落选者），并写明选择理由。"),
        ["F7"] = new("Record your edits with before and after files; substantial edits weigh more than crops or filters.", "记录修改前后的文件；实质性修改比裁剪或滤镜更有分量。"),
        ["F8"] = new("Where you used your own sketch or photo, import it with its provenance.", "如使用了本人的草图或照片，请连同来源一并导入。"),
        ["F9"] = new("Keep the model hash, seed, sampler, steps, CFG, size and software version of every run.", "保留每次运行的模型哈希、种子、采样器、步数、CFG、尺寸与软件版本。"),
        ["F10"] = new("Avoid short public prompts and third-party characters; note what makes the work your own.", "避免简短的公开提示词和第三方角色；说明作品的独特之处。"),
        ["F11"] = new("Act under your own account, and record who did what when several people worked.", "使用本人账户操作；多人参与时记录各自的工作。"),
        ["F12"] = new("Keep AI labels and provenance data, and sign the work when you publish it.", "保留 AI 标识与来源数据，并在发布时署名。"),
    };

    /// <summary>The weakest factors that count under the profile, weightiest first: where effort would change the result most.</summary>
    public static IReadOnlyList<string> WeakestFirst(AssessmentResult result, Profile profile, int take = 4) =>
        result.Factors.Where(f => f.Score < 2 && profile.Factors[f.Id].Weight > 0)
            .OrderByDescending(f => profile.Factors[f.Id].Weight * (3 - f.Score)).ThenBy(f => f.Id.Length).ThenBy(f => f.Id, StringComparer.Ordinal)
            .Take(take).Select(f => f.Id).ToList();
}
