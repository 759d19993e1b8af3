namespace CopyrightLedger.Core.Cases;

/// <summary>A matter: the dispute, filing or registration that the evidence is gathered for.</summary>
public sealed class Case
{
    private readonly List<CaseMember> _members = [];

    private Case() { Title = ""; Jurisdiction = JurisdictionProfile.Default; DescriptionMarkdown = ""; }

    public Case(Guid id, string title, string jurisdiction, DateTime createdAtUtc)
    {
        Id = id;
        Title = RequireTitle(title);
        Jurisdiction = JurisdictionProfile.Require(jurisdiction);
        DescriptionMarkdown = "";
        Status = CaseStatus.Open;
        CreatedAtUtc = UtcTime.Require(createdAtUtc);
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; }
    /// <summary>The assessment profile the case is argued under: <c>cn-bic</c> (default) or <c>us-usco</c>.</summary>
    public string Jurisdiction { get; private set; }
    public CaseStatus Status { get; private set; }
    public string DescriptionMarkdown { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public IReadOnlyCollection<CaseMember> Members => _members;

    public void Rename(string title) => Title = RequireTitle(title);
    public void ChangeJurisdiction(string jurisdiction) => Jurisdiction = JurisdictionProfile.Require(jurisdiction);
    public void ChangeStatus(CaseStatus status) => Status = status;
    public void Describe(string? markdown) => DescriptionMarkdown = markdown ?? "";

    public bool IsMember(string userId) => _members.Any(m => m.UserId == userId);

    public CaseMember AddMember(string userId, CaseRole role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var existing = _members.FirstOrDefault(m => m.UserId == userId);
        if (existing is not null)
        {
            ChangeMemberRole(userId, role);
            return existing;
        }
        var member = new CaseMember(Id, userId, role);
        _members.Add(member);
        return member;
    }

    public void RemoveMember(string userId)
    {
        var member = _members.FirstOrDefault(m => m.UserId == userId) ?? throw new DomainException("That person is not a member of the case.");
        if (IsLastOwner(member)) throw new DomainException("A case keeps at least one owner: make another member an owner first.");
        _members.Remove(member);
    }

    /// <summary>Gives a member another role; the last owner cannot be given a lesser one.</summary>
    public void ChangeMemberRole(string userId, CaseRole role)
    {
        var member = _members.FirstOrDefault(m => m.UserId == userId) ?? throw new DomainException("That person is not a member of the case.");
        if (role != CaseRole.Owner && IsLastOwner(member)) throw new DomainException("A case keeps at least one owner: make another member an owner first.");
        member.ChangeRole(role);
    }

    private bool IsLastOwner(CaseMember member) => member.Role == CaseRole.Owner && _members.Count(m => m.Role == CaseRole.Owner) == 1;

    private static string RequireTitle(string title)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("A case needs a title.");
        if (title.Length > 200) throw new DomainException("A case title has at most 200 characters.");
        return title.Trim();
    }
}

public enum CaseStatus { Open, Filed, Closed, Archived }

/// <summary>What a person does in one case. Independent of their account-wide role.</summary>
public enum CaseRole { Owner, Creator, Counsel, Reviewer }

public sealed class CaseMember
{
    private CaseMember() { UserId = ""; }

    internal CaseMember(Guid caseId, string userId, CaseRole role)
    {
        CaseId = caseId;
        UserId = userId;
        Role = role;
    }

    public Guid CaseId { get; private set; }
    public string UserId { get; private set; }
    public CaseRole Role { get; private set; }

    internal void ChangeRole(CaseRole role) => Role = role;
}
