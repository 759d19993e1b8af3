using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Features.Cases;

public sealed record CaseSummary(Guid Id, string Title, string Jurisdiction, CaseStatus Status, int Works, DateTime CreatedAtUtc, CaseRole Role);

public sealed record MemberView(string UserId, string Email, string DisplayName, CaseRole Role);

public sealed record CaseDetail(Guid Id, string Title, string Jurisdiction, CaseStatus Status, string DescriptionMarkdown,
    DateTime CreatedAtUtc, CaseRole MyRole, IReadOnlyList<MemberView> Members)
{
    public bool CanEdit => MyRole != CaseRole.Reviewer;
    public bool CanManageMembers => MyRole == CaseRole.Owner;
}

/// <summary>
/// Cases as their members see them. Membership is checked here, not in pages: a person who is not a member
/// gets <c>null</c> (a 404 to the page), exactly as if the case did not exist.
/// </summary>
public sealed class CaseService(IDbContextFactory<LedgerDbContext> dbs, TimeProvider clock)
{
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.CaseMembers.Where(m => m.UserId == actor.UserId)
            .Join(db.Cases, m => m.CaseId, c => c.Id, (m, c) => new { c, m.Role })
            .Select(x => new
            {
                x.c.Id, x.c.Title, x.c.Jurisdiction, x.c.Status, x.c.CreatedAtUtc, x.Role,
                Works = db.Works.Count(w => w.CaseId == x.c.Id),
            })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.CreatedAtUtc)
            .Select(r => new CaseSummary(r.Id, r.Title, r.Jurisdiction, r.Status, r.Works, r.CreatedAtUtc, r.Role))
            .ToList();
    }

    public async Task<CaseDetail?> GetAsync(Actor actor, Guid caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await db.Cases.Include(x => x.Members).AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        var me = c?.Members.FirstOrDefault(m => m.UserId == actor.UserId);
        if (c is null || me is null) return null;
        var userIds = c.Members.Select(m => m.UserId).ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.Email ?? "", u.NameToShow), ct);
        var members = c.Members
            .Select(m => new MemberView(m.UserId, users.GetValueOrDefault(m.UserId).Item1 ?? "", users.GetValueOrDefault(m.UserId).Item2 ?? "", m.Role))
            .OrderBy(m => m.Role).ThenBy(m => m.Email).ToList();
        return new CaseDetail(c.Id, c.Title, c.Jurisdiction, c.Status, c.DescriptionMarkdown, c.CreatedAtUtc, me.Role, members);
    }

    /// <summary>The role the actor holds in the case, or null when not a member.</summary>
    public static async Task<CaseRole?> RoleInAsync(LedgerDbContext db, Actor actor, Guid caseId, CancellationToken ct) =>
        await db.CaseMembers.Where(m => m.CaseId == caseId && m.UserId == actor.UserId)
            .Select(m => (CaseRole?)m.Role).FirstOrDefaultAsync(ct);

    /// <summary>Throws <see cref="NotFoundException"/> unless the actor may change the case's evidence.</summary>
    public static async Task RequireWriterAsync(LedgerDbContext db, Actor actor, Guid caseId, CancellationToken ct)
    {
        var role = await RoleInAsync(db, actor, caseId, ct) ?? throw new NotFoundException();
        if (role == CaseRole.Reviewer) throw new DomainException("Reviewers can read a case but not change it.");
    }

    public async Task<Guid> CreateAsync(Actor actor, string title, string jurisdiction, string? description, CancellationToken ct = default)
    {
        if (actor.IsReviewerOnly) throw new DomainException("Reviewers cannot open cases.");
        var c = new Case(Guid.CreateVersion7(clock.GetUtcNow()), title, jurisdiction, UtcTime.Now(clock));
        c.Describe(description);
        c.AddMember(actor.UserId, CaseRole.Owner);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Cases.Add(c);
        db.Record(actor, "case.create");
        await db.SaveChangesAsync(ct);
        return c.Id;
    }

    public async Task UpdateAsync(Actor actor, Guid caseId, string title, string jurisdiction, CaseStatus status, string? description, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await RequireWriterAsync(db, actor, caseId, ct);
        var c = await db.Cases.SingleAsync(x => x.Id == caseId, ct);
        c.Rename(title);
        c.ChangeJurisdiction(jurisdiction);
        c.ChangeStatus(status);
        c.Describe(description);
        db.Record(actor, "case.update");
        await db.SaveChangesAsync(ct);
    }

    public async Task AddMemberAsync(Actor actor, Guid caseId, string email, CaseRole role, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await RequireOwnerAsync(db, actor, caseId, "adds members", ct);
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
                   ?? throw new DomainException($"No account has the e-mail address '{email.Trim()}'.");
        var c = await db.Cases.Include(x => x.Members).SingleAsync(x => x.Id == caseId, ct);
        c.AddMember(user.Id, role);
        db.Record(actor, "member.add");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes a member: from now on the case is "not found" for them (docs/SECURITY.md, "Sign-in and access").</summary>
    public Task RemoveMemberAsync(Actor actor, Guid caseId, string userId, CancellationToken ct = default) =>
        ChangeMembersAsync(actor, caseId, "removes members", "member.remove", c => c.RemoveMember(userId), ct);

    public Task ChangeMemberRoleAsync(Actor actor, Guid caseId, string userId, CaseRole role, CancellationToken ct = default) =>
        ChangeMembersAsync(actor, caseId, "changes roles", "member.role", c => c.ChangeMemberRole(userId, role), ct);

    private async Task ChangeMembersAsync(Actor actor, Guid caseId, string what, string action, Action<Case> change, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await RequireOwnerAsync(db, actor, caseId, what, ct);
        var c = await db.Cases.Include(x => x.Members).SingleAsync(x => x.Id == caseId, ct);
        change(c);
        db.Record(actor, action);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Only an owner manages members; the command line (which holds the database file) may too.</summary>
    private static async Task RequireOwnerAsync(LedgerDbContext db, Actor actor, Guid caseId, string what, CancellationToken ct)
    {
        if (actor.IsCommandLine)
        {
            if (!await db.Cases.AnyAsync(c => c.Id == caseId, ct)) throw new NotFoundException();
            return;
        }
        if (await RoleInAsync(db, actor, caseId, ct) is not { } mine) throw new NotFoundException();
        if (mine != CaseRole.Owner) throw new DomainException($"Only an owner of the case {what}.");
    }
}

/// <summary>The thing asked for does not exist for this person (it may exist for others).</summary>
public sealed class NotFoundException() : Exception("Not found.");
