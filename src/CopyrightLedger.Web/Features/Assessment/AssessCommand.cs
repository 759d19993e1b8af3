using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Assessment;

/// <summary>
/// <c>ledger assess --case NAME [--work TITLE] [--profile cn-bic|us-usco] [--json]</c>: the assessment of a work,
/// as one JSON object (profile, work, band, factors with evidence and counter-indicators, and for us-usco the
/// drafted registration wording) or as readable lines.
/// </summary>
public static class AssessCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? caseName = null, workTitle = null, profileId = "cn-bic";
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--case" when i + 1 < args.Length: caseName = args[++i]; break;
                case "--work" when i + 1 < args.Length: workTitle = args[++i]; break;
                case "--profile" when i + 1 < args.Length: profileId = args[++i]; break;
                case "--json": json = true; break;
                default: throw new DomainException($"unexpected argument '{args[i]}'");
            }
        }
        if (caseName is null) throw new DomainException("usage: ledger assess --case NAME [--work TITLE] [--profile cn-bic|us-usco] [--json]");
        var profile = new ProfileCatalog().Profiles.FirstOrDefault(p => p.Id == profileId)
                      ?? throw new DomainException($"no profile '{profileId}' in profiles/.");
        using var services = CliServices.Build();
        var dbs = services.GetRequiredService<IDbContextFactory<LedgerDbContext>>();
        await DatabaseInitializer.MigrateAsync(dbs, default);
        Guid workId;
        await using (var db = await dbs.CreateDbContextAsync())
            workId = (await CliServices.OneWorkAsync(db, caseName, workTitle)).Id;
        await using var scope = services.CreateAsyncScope();
        var facts = await scope.ServiceProvider.GetRequiredService<WorkFactsBuilder>().BuildAsync(workId);
        var result = Assessor.Assess(facts, profile);
        var o = ToJson(result, facts, profile);
        Console.WriteLine(json ? o.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) : Text(result));
        return 0;
    }

    public static JsonObject ToJson(AssessmentResult r, WorkFacts facts, Profile profile)
    {
        var o = new JsonObject
        {
            ["profile"] = r.Profile,
            ["work"] = r.Work,
            ["band"] = profile.Kind == "score" ? r.Band.Band : null,
            ["share"] = profile.Kind == "score" ? r.Band.Share : null,
            ["summary"] = new JsonObject { ["en"] = r.Summary.En, ["zh"] = r.Summary.Zh },
            ["decisive"] = new JsonArray([.. r.Decisive.Select(d => (JsonNode)d)]),
            ["gates"] = new JsonArray([.. r.Band.GatesApplied.Select(g => (JsonNode)new JsonObject { ["factor"] = g.Factor, ["en"] = g.Why.En, ["zh"] = g.Why.Zh })]),
            ["factors"] = new JsonArray([.. r.Factors.Select(f => (JsonNode)new JsonObject
            {
                ["id"] = f.Id, ["score"] = f.Score,
                ["weight"] = profile.Factors[f.Id].Weight, ["role"] = profile.Factors[f.Id].Role,
                ["evidence"] = Lines(f.Evidence),
                ["counterIndicators"] = Lines(f.CounterIndicators),
                ["explanation"] = new JsonObject { ["en"] = f.Explanation.En, ["zh"] = f.Explanation.Zh },
            })]),
            ["disclaimer"] = new JsonObject { ["en"] = r.Disclaimer.En, ["zh"] = r.Disclaimer.Zh },
        };
        if (profile.Kind == "segmentation")
        {
            var (created, excluded) = UscoDraft.Of(facts, profile);
            o["usco"] = new JsonObject
            {
                ["authorCreated"] = new JsonObject { ["en"] = created.En, ["zh"] = created.Zh },
                ["materialExcluded"] = new JsonObject { ["en"] = excluded.En, ["zh"] = excluded.Zh },
            };
        }
        return o;
    }

    /// <summary>Each line as <c>{en, zh, section}</c>: the section names the part of the record that shows it.</summary>
    private static JsonArray Lines(IEnumerable<EvidenceLine> lines) =>
        new([.. lines.Select(l => (JsonNode)new JsonObject { ["en"] = l.Text.En, ["zh"] = l.Text.Zh, ["section"] = l.Section })]);

    private static string Text(AssessmentResult r) =>
        $"{r.Work} under {r.Profile}: {r.Band.Band} ({r.Band.Share:P0})\n" +
        string.Join("\n", r.Factors.Select(f => $"  {f.Id,-4} {f.Score}/3  {f.Explanation.En}")) +
        (r.Band.GatesApplied.Count > 0 ? "\n  capped by " + string.Join(", ", r.Band.GatesApplied.Select(g => g.Factor + ": " + g.Why.En))
            : r.Decisive.Count > 0 ? "\n  carried by " + string.Join(", ", r.Decisive) : "") +
        $"\n{r.Summary.En}\n{r.Disclaimer.En}";
}
