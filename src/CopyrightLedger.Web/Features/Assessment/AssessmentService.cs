using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Assessment;

/// <summary>The profiles shipped beside the binary, loaded and checked once at start: a broken file stops the app with its problems named.</summary>
public sealed class ProfileCatalog
{
    public ProfileCatalog() => Profiles = Profile.LoadFolder(Path.Combine(AppContext.BaseDirectory, "profiles"));

    public IReadOnlyList<Profile> Profiles { get; }

    public Profile Get(string id) => Profiles.FirstOrDefault(p => p.Id == id) ?? Profiles[0];
}

public sealed record AssessmentView(Guid CaseId, string CaseTitle, Guid WorkId, WorkFacts Facts, AssessmentResult Result, Profile Profile,
    IReadOnlyList<string> Strengthen, (Wording AuthorCreated, Wording MaterialExcluded)? Usco, DirectedIterationMeasure Direction);

/// <summary>A work's assessment for its case's members (404 for anyone else).</summary>
public sealed class AssessmentService(IDbContextFactory<LedgerDbContext> dbs, WorkFactsBuilder builder, ProfileCatalog profiles)
{
    public async Task<AssessmentView?> GetAsync(Actor actor, Guid workId, string? profileId, CancellationToken ct = default)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var work = await db.Works.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workId, ct);
            if (work is null || await CaseService.RoleInAsync(db, actor, work.CaseId, ct) is null) return null;
        }
        return await BuildAsync(workId, profileId, ct);
    }

    /// <summary>Without an access check: for the command line, run by whoever holds the data folder.</summary>
    public async Task<AssessmentView> BuildAsync(Guid workId, string? profileId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await db.Works.AsNoTracking().SingleAsync(w => w.Id == workId, ct);
        var theCase = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == work.CaseId, ct);
        var profile = profiles.Get(profileId ?? theCase.Jurisdiction);
        var facts = await builder.BuildAsync(workId, ct);
        var result = Assessor.Assess(facts, profile);
        return new AssessmentView(theCase.Id, theCase.Title, workId, facts, result, profile, FactorTexts.WeakestFirst(result, profile),
            profile.Kind == "segmentation" ? UscoDraft.Of(facts, profile) : null, DirectedIterationMeasure.Of(facts.Runs));
    }
}
