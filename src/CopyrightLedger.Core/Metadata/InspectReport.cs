using System.Globalization;
using System.Text.Json.Nodes;
using CopyrightLedger.Core.Hashing;

namespace CopyrightLedger.Core.Metadata;

/// <summary>
/// The JSON object <c>ledger inspect --json</c> prints per file (one per line). Names are stable: scripts and the
/// tests read them. Fields a file does not state are left out rather than written as null.
/// </summary>
public static class InspectReport
{
    public static JsonObject ToJson(string file, FileMetadata m)
    {
        var o = new JsonObject { ["file"] = file, ["sha256"] = m.Sha256, ["mediaType"] = m.MediaType, ["bytes"] = m.SizeBytes };
        if (m.Error is { } error)
        {
            o["error"] = error;
            return o;
        }
        Put(o, "width", m.Width);
        Put(o, "height", m.Height);
        Put(o, "claimedTime", m.ClaimedTime);
        var g = m.Generation;
        o["generator"] = g?.Generator ?? "unknown";
        if (g is not null)
        {
            Put(o, "generatorVersion", g.GeneratorVersion);
            Put(o, "size", g.Size);
            Put(o, "prompt", g.Prompt);
            Put(o, "negativePrompt", g.NegativePrompt);
            Put(o, "seed", g.Seed);
            Put(o, "steps", g.Steps);
            Put(o, "cfgScale", g.CfgScale);
            Put(o, "sampler", g.Sampler);
            Put(o, "scheduler", g.Scheduler);
            Put(o, "denoise", g.Denoise);
            Put(o, "model", g.Model);
            Put(o, "modelHash", g.ModelHash);
            Put(o, "mode", g.Mode);
            Put(o, "jobId", g.JobId);
            if (g.Loras.Count > 0)
                o["loras"] = new JsonArray([.. g.Loras.Select(l => Compact(new JsonObject { ["name"] = l.Name, ["weight"] = l.Weight, ["hash"] = l.Hash }))]);
            if (g.InputImages.Count > 0) o["inputImages"] = new JsonArray([.. g.InputImages.Select(i => (JsonNode)i)]);
            o["parameters"] = Parameters(g.Parameters);
        }
        Put(o, "digitalSourceType", m.DigitalSourceType);
        if (m.Xmp is { } x)
        {
            if (x.History.Count > 0)
                o["editHistory"] = new JsonArray([.. x.History.Select(e => Compact(new JsonObject
                {
                    ["action"] = e.Action, ["when"] = e.When, ["softwareAgent"] = e.SoftwareAgent, ["changed"] = e.Changed, ["parameters"] = e.Parameters,
                }))]);
            o["xmp"] = Compact(new JsonObject
            {
                ["documentId"] = x.DocumentId, ["instanceId"] = x.InstanceId, ["originalDocumentId"] = x.OriginalDocumentId,
                ["derivedFrom"] = x.DerivedFromDocumentId ?? x.DerivedFromInstanceId, ["creatorTool"] = x.CreatorTool,
                ["createDate"] = x.CreateDate, ["modifyDate"] = x.ModifyDate,
            });
        }
        if (m.C2pa is { } c)
            o["c2pa"] = Compact(new JsonObject
            {
                ["present"] = c.Present,
                ["validation"] = c.Validation,
                ["claimGenerator"] = c.ClaimGenerator,
                ["title"] = c.Title,
                ["manifests"] = c.ManifestCount,
                ["actions"] = new JsonArray([.. c.Actions.Select(a => Compact(new JsonObject
                {
                    ["action"] = a.Action, ["when"] = a.When, ["softwareAgent"] = a.SoftwareAgent, ["digitalSourceType"] = a.DigitalSourceType,
                }))]),
                ["error"] = c.Error,
            });
        o["chunks"] = new JsonArray([.. m.Chunks.Select(ch => (JsonNode)new JsonObject
        {
            ["container"] = ch.Container, ["key"] = ch.Key, ["bytes"] = ch.Data.Length, ["sha256"] = Sha256Hex.Of(ch.Data).Value,
        })]);
        if (m.DamagedChunk is { } damaged) o["damaged"] = damaged;
        if (m.Warnings.Count > 0) o["warnings"] = new JsonArray([.. m.Warnings.Select(w => (JsonNode)w)]);
        return o;
    }

    /// <summary>Every key/value verbatim; a key the tool wrote twice keeps both values, the second as <c>key#2</c>.</summary>
    private static JsonObject Parameters(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var o = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            var name = key;
            for (var i = 2; o.ContainsKey(name); i++) name = key + "#" + i.ToString(CultureInfo.InvariantCulture);
            o[name] = value;
        }
        return o;
    }

    private static void Put<T>(JsonObject o, string name, T? value)
    {
        if (value is not null) o[name] = JsonValue.Create(value);
    }

    private static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) o.Remove(key);
        return o;
    }
}
