using CopyrightLedger.Core;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Works;

/// <summary>Markdown notes of a case or one of its works: briefs, rationales, statements, memos.</summary>
public sealed class NoteService(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock)
{
    public async Task<IReadOnlyList<NoteView>> ListAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await CaseService.RoleInAsync(db, actor, caseId, ct) is null) throw new NotFoundException();
        return await ViewsAsync(db, caseId, null, ct);
    }

    /// <summary>Adds a note. <paramref name="writtenAt"/> is when the author says it was written; null means now.</summary>
    public async Task<Guid> AddAsync(Actor actor, Guid caseId, Guid? workId, NoteKind kind, string markdown,
        DateTimeOffset? writtenAt, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await CaseService.RequireWriterAsync(db, actor, caseId, ct);
        if (workId is { } w && !await db.Works.AnyAsync(x => x.Id == w && x.CaseId == caseId, ct))
            throw new DomainException("The work belongs to another case.");
        var now = clock.GetUtcNow();
        var note = new Note(Guid.CreateVersion7(now), caseId, workId, kind, markdown, actor.DisplayName,
            SourceTime.From(writtenAt ?? now), now.UtcDateTime);
        db.Notes.Add(note);
        db.Record(actor, "note.add");
        await db.SaveChangesAsync(ct);
        return note.Id;
    }

    /// <summary>Notes of the case (workId null) or of one work plus the case-wide ones, oldest first.</summary>
    internal static async Task<IReadOnlyList<NoteView>> ViewsAsync(LedgerDbContext db, Guid caseId, Guid? workId, CancellationToken ct)
    {
        var query = db.Notes.Where(n => n.CaseId == caseId);
        if (workId is { } w) query = query.Where(n => n.WorkId == w || n.WorkId == null);
        var notes = await query.AsNoTracking().ToListAsync(ct);
        return notes.OrderBy(n => n.WrittenAtUtc)
            .Select(n => new NoteView(n.Id, n.WorkId, n.Kind, n.Markdown, n.Author, n.WrittenAt, n.CapturedAtUtc))
            .ToList();
    }
}
