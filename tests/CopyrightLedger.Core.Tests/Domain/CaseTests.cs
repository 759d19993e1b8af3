using CopyrightLedger.Core.Cases;

namespace CopyrightLedger.Core.Tests.Domain;

public sealed class CaseTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_case_is_open_under_the_given_profile()
    {
        var c = new Case(Guid.NewGuid(), "  Li v. Liu  ", "US-USCO", Now);
        Assert.Equal("Li v. Liu", c.Title);
        Assert.Equal("us-usco", c.Jurisdiction);
        Assert.Equal(CaseStatus.Open, c.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_case_needs_a_title(string title) =>
        Assert.Throws<DomainException>(() => new Case(Guid.NewGuid(), title, "cn-bic", Now));

    [Fact]
    public void An_unknown_profile_is_refused_with_the_known_ones_named()
    {
        var e = Assert.Throws<DomainException>(() => new Case(Guid.NewGuid(), "x", "eu-ai", Now));
        Assert.Contains("cn-bic", e.Message);
        Assert.Contains("us-usco", e.Message);
    }

    [Fact]
    public void Times_must_be_utc()
    {
        Assert.Throws<DomainException>(() => new Case(Guid.NewGuid(), "x", "cn-bic", DateTime.SpecifyKind(Now, DateTimeKind.Local)));
        Assert.Throws<DomainException>(() => new Case(Guid.NewGuid(), "x", "cn-bic", DateTime.SpecifyKind(Now, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void Adding_a_member_twice_changes_the_role_instead_of_duplicating()
    {
        var c = new Case(Guid.NewGuid(), "x", "cn-bic", Now);
        c.AddMember("u1", CaseRole.Owner);
        c.AddMember("u2", CaseRole.Reviewer);
        c.AddMember("u2", CaseRole.Counsel);
        Assert.Equal(2, c.Members.Count);
        Assert.Equal(CaseRole.Counsel, c.Members.Single(m => m.UserId == "u2").Role);
        Assert.True(c.IsMember("u2"));
        Assert.False(c.IsMember("u3"));
    }

    [Fact]
    public void The_last_owner_cannot_be_removed()
    {
        var c = new Case(Guid.NewGuid(), "x", "cn-bic", Now);
        c.AddMember("u1", CaseRole.Owner);
        Assert.Throws<DomainException>(() => c.RemoveMember("u1"));
        c.AddMember("u2", CaseRole.Owner);
        c.RemoveMember("u1");
        Assert.False(c.IsMember("u1"));
    }
}
