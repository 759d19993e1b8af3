using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Works;

/// <summary>Works and what happened to them: iterations, selections, human edits. Membership checked on every call.</summary>
public sealed class WorkService(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock)
{
    public async Task<IReadOnlyList<WorkSummary>> ListAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) throw new NotFoundException();
        var works = await db.Works.Where(w => w.CaseId == caseId).AsNoTracking().ToListAsync(ct);
        var result = new List<WorkSummary>();
        foreach (var w in works.OrderBy(w => w.CreatedAtUtc))
        {
            var iterations = await db.Iterations.CountAsync(i => i.WorkId == w.Id, ct);
            var artifacts = await db.Artifacts.Where(a => a.WorkId == w.Id).Select(a => new { a.Id, a.Role, a.MediaType, a.CapturedAtUtc }).ToListAsync(ct);
            var chosen = await db.Selections.Where(s => s.WorkId == w.Id).OrderByDescending(s => s.SelectedAtUtc)
                .Select(s => (Guid?)s.ChosenArtifactId).FirstOrDefaultAsync(ct);
            var cover = artifacts.FirstOrDefault(a => a.Role == ArtifactRole.Final)?.Id ?? chosen
                ?? artifacts.Where(a => a.MediaType.StartsWith("image/")).OrderBy(a => a.CapturedAtUtc).Select(a => (Guid?)a.Id).FirstOrDefault();
            result.Add(new WorkSummary(w.Id, w.Title, w.Medium, w.ClaimedAuthors, iterations, artifacts.Count, cover));
        }
        return result;
    }

    public async Task<Guid> CreateAsync(Actor actor, Guid caseId, string title, Medium medium, string claimedAuthors, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await CaseService.RequireWriterAsync(db, actor, caseId, ct);
        var work = new Work(Guid.CreateVersion7(clock.GetUtcNow()), caseId, title, medium, claimedAuthors, UtcTime.Now(clock));
        db.Works.Add(work);
        db.Record(actor, "work.create");
        await db.SaveChangesAsync(ct);
        return work.Id;
    }

    public async Task UpdateAsync(Actor actor, Guid workId, string title, Medium medium, string claimedAuthors, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await WritableWorkAsync(db, actor, workId, ct);
        work.Edit(title, medium, claimedAuthors);
        db.Record(actor, "work.update");
        await db.SaveChangesAsync(ct);
    }

    public async Task<WorkDetail?> GetAsync(Actor actor, Guid workId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await db.Works.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workId, ct);
        if (work is null || await CaseService.RoleInAsync(db, actor, work.CaseId, ct) is not { } role) return null;
        var caseTitle = await db.Cases.Where(c => c.Id == work.CaseId).Select(c => c.Title).SingleAsync(ct);

        var artifacts = (await db.Artifacts.Where(a => a.WorkId == workId).AsNoTracking().ToListAsync(ct))
            .OrderBy(a => a.CapturedAtUtc).ThenBy(a => a.OriginalFileName, StringComparer.Ordinal).Select(ArtifactView.Of).ToList();
        var byId = artifacts.ToDictionary(a => a.Id);
        var iterations = await db.Iterations.Where(i => i.WorkId == workId).Include(i => i.Parents).AsNoTracking()
            .OrderBy(i => i.Sequence).ToListAsync(ct);
        var sequenceOf = iterations.ToDictionary(i => i.Id, i => i.Sequence);
        var iterationViews = iterations.Select(i => new IterationView(i.Id, i.Sequence, i.Generator, i.GeneratorVersion,
            i.ModelName, i.ModelHash, i.Prompt, i.NegativePrompt, i.ParametersText, i.Seed, i.Steps, i.CfgScale, i.Sampler,
            i.Scheduler, i.Width, i.Height, i.Denoise, i.ClaimedAt, i.CapturedAtUtc,
            i.Parents.Where(p => sequenceOf.ContainsKey(p.ParentIterationId)).Select(p => (sequenceOf[p.ParentIterationId], p.Kind)).ToList(),
            artifacts.Where(a => a.IterationId == i.Id).ToList())).ToList();

        var selections = (await db.Selections.Where(s => s.WorkId == workId).Include(s => s.Candidates).AsNoTracking().ToListAsync(ct))
            .OrderBy(s => s.SelectedAtUtc)
            .Select(s => new SelectionView(s.Id, s.ChosenArtifactId, s.Candidates.Select(c => c.ArtifactId).ToList(), s.Rationale, s.SelectedBy, s.SelectedAtUtc))
            .ToList();
        var edits = (await db.HumanEdits.Where(e => e.WorkId == workId).AsNoTracking().ToListAsync(ct))
            .Where(e => byId.ContainsKey(e.FromArtifactId) && byId.ContainsKey(e.ToArtifactId))
            .OrderBy(e => e.CapturedAtUtc)
            .Select(e => new EditView(e.Id, byId[e.FromArtifactId], byId[e.ToArtifactId], e.Tool, e.Kind, e.Description, e.MinutesSpent, e.CapturedAtUtc))
            .ToList();
        var notes = await NoteService.ViewsAsync(db, work.CaseId, workId, ct);
        return new WorkDetail(work.Id, work.CaseId, caseTitle, work.Title, work.Medium, work.ClaimedAuthors, role,
            iterationViews, artifacts, selections, edits, notes);
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) throw new NotFoundException();
        var works = await db.Works.Where(w => w.CaseId == caseId).ToDictionaryAsync(w => w.Id, w => w.Title, ct);
        var workIds = works.Keys.ToList();
        var iterations = await db.Iterations.Where(i => workIds.Contains(i.WorkId)).AsNoTracking().ToListAsync(ct);
        var outputs = await db.Artifacts.Where(a => a.CaseId == caseId && a.IterationId != null)
            .Select(a => new { a.Id, a.IterationId, a.OriginalFileName }).ToListAsync(ct);
        var chosen = (await db.Selections.Where(s => workIds.Contains(s.WorkId)).Select(s => s.ChosenArtifactId).ToListAsync(ct)).ToHashSet();
        return iterations
            .Select(i =>
            {
                var mine = outputs.Where(o => o.IterationId == i.Id).OrderBy(o => o.OriginalFileName, StringComparer.Ordinal).Select(o => o.Id).ToList();
                return new TimelineEntry(i.Id, i.WorkId, works[i.WorkId], i.Sequence, i.Generator, i.Prompt, i.ClaimedAt,
                    i.CapturedAtUtc, mine, mine.Where(chosen.Contains).ToList());
            })
            .OrderBy(e => e.SortTimeUtc).ThenBy(e => e.Sequence)
            .ToList();
    }

    public sealed record IterationInputModel(string Generator, string? GeneratorVersion, string? ModelName, string? ModelHash,
        string Prompt, string? NegativePrompt, string? ParametersText, GenerationSettings Settings, DateTimeOffset? ClaimedAt,
        IReadOnlyList<Guid> OutputArtifactIds, Guid? ParentIterationId = null, LinkKind ParentKind = LinkKind.Img2Img);

    public async Task<Guid> AddIterationAsync(Actor actor, Guid workId, IterationInputModel input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var write = await db.BeginWriteAsync(ct); // the run is numbered from the work's last one
        var work = await WritableWorkAsync(db, actor, workId, ct);
        var next = (await db.Iterations.Where(i => i.WorkId == workId).MaxAsync(i => (int?)i.Sequence, ct) ?? 0) + 1;
        var iteration = new Iteration(Guid.CreateVersion7(clock.GetUtcNow()), workId, next, input.Generator, input.Prompt, UtcTime.Now(clock));
        iteration.SetTool(input.Generator, input.GeneratorVersion, input.ModelName, input.ModelHash);
        iteration.Describe(input.Prompt, input.NegativePrompt, input.ParametersText);
        iteration.SetParameters(input.Settings);
        iteration.SetClaimedTime(input.ClaimedAt is { } t ? SourceTime.From(t) : null);
        if (input.ParentIterationId is { } parent)
        {
            if (!await db.Iterations.AnyAsync(i => i.Id == parent && i.WorkId == workId, ct))
                throw new DomainException("The parent iteration belongs to another work.");
            iteration.DeriveFrom(parent, input.ParentKind);
        }
        db.Iterations.Add(iteration);
        foreach (var artifactId in input.OutputArtifactIds.Distinct())
        {
            var artifact = await db.Artifacts.SingleOrDefaultAsync(a => a.Id == artifactId && a.CaseId == work.CaseId, ct)
                           ?? throw new DomainException("An output file is not part of this case.");
            artifact.AssignTo(workId, iteration.Id);
        }
        db.Record(actor, "iteration.record");
        await db.SaveChangesAsync(ct);
        await write.CommitAsync(ct);
        return iteration.Id;
    }

    public async Task<Guid> SelectAsync(Actor actor, Guid workId, Guid chosen, IReadOnlyList<Guid> candidates, string rationale, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await WritableWorkAsync(db, actor, workId, ct);
        var all = candidates.Append(chosen).Distinct().ToList();
        var known = await db.Artifacts.CountAsync(a => all.Contains(a.Id) && a.WorkId == workId, ct);
        if (known != all.Count) throw new DomainException("Every candidate must be a file of this work.");
        var selection = new Selection(Guid.CreateVersion7(clock.GetUtcNow()), work.Id, chosen, all, rationale, actor.DisplayName, UtcTime.Now(clock));
        db.Selections.Add(selection);
        db.Record(actor, "selection.record");
        await db.SaveChangesAsync(ct);
        return selection.Id;
    }

    public async Task<Guid> AddEditAsync(Actor actor, Guid workId, Guid from, Guid to, string tool, EditKind kind, string description,
        int? minutesSpent, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var work = await WritableWorkAsync(db, actor, workId, ct);
        var known = await db.Artifacts.CountAsync(a => (a.Id == from || a.Id == to) && a.WorkId == workId, ct);
        if (known != 2) throw new DomainException("Both files of an edit must belong to this work.");
        var edit = new HumanEdit(Guid.CreateVersion7(clock.GetUtcNow()), work.Id, from, to, tool, kind, description, UtcTime.Now(clock));
        edit.Record(minutesSpent, null);
        db.HumanEdits.Add(edit);
        var target = await db.Artifacts.SingleAsync(a => a.Id == to, ct);
        if (target.Role == ArtifactRole.Output) target.ChangeRole(ArtifactRole.Edited);
        db.Record(actor, "edit.record");
        await db.SaveChangesAsync(ct);
        return edit.Id;
    }

    internal static async Task<Work> WritableWorkAsync(LedgerDbContext db, Actor actor, Guid workId, CancellationToken ct)
    {
        var work = await db.Works.FirstOrDefaultAsync(w => w.Id == workId, ct) ?? throw new NotFoundException();
        await CaseService.RequireWriterAsync(db, actor, work.CaseId, ct);
        return work;
    }
}
