using CopyrightLedger.Core;
using CopyrightLedger.Core.Assessment;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Integrity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Rules the app states in one place, checked through more than one of the places that apply them, so a second
/// definition drifting from the first is caught.
/// </summary>
public sealed class OneRuleTests
{
    private static readonly DateTime Claimed = new(2023, 2, 24, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, false)]
    [InlineData(24 * 60 * 60, false)] // exactly a day: not late
    [InlineData(24 * 60 * 60 + 1, true)]
    [InlineData(400 * 24 * 60 * 60, true)]
    public void Captured_late_means_the_same_on_the_integrity_tab_and_in_the_assessment(int seconds, bool late)
    {
        var captured = Claimed.AddSeconds(seconds);
        Assert.Equal(late, LateCapture.Is(Claimed, captured));
        Assert.Equal(late, new TimedItem("file", "a.png", new SourceTime(Claimed, 0), captured).CapturedLate);
        var brief = new NoteFacts("brief", Claimed, captured, 400);
        Assert.Equal(late, ConceptionMeasure.Of([brief], new GenerationTimes(Claimed.AddDays(500), null)).CapturedLate.Count == 1);
    }

    [Fact]
    public async Task A_person_without_a_display_name_goes_by_the_same_name_on_the_users_page_and_the_members_tab()
    {
        using var app = new LedgerFactory(seedSamples: false);
        var admin = await app.CreateUserAsync("boss@test.local", Roles.Admin);
        var owner = await app.CreateUserAsync("owner@test.local", Roles.Creator);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync("owner@test.local"))!;
            user.DisplayName = "";
            await users.UpdateAsync(user);
        }
        var caseId = await app.Service<CaseService>().CreateAsync(owner, "Names", "cn-bic", "");
        var listed = (await app.Service<UserAdminService>().ListAsync(admin)).Single(u => u.Email == "owner@test.local").DisplayName;
        var member = (await app.Service<CaseService>().GetAsync(owner, caseId))!.Members.Single(m => m.UserId == owner.UserId).DisplayName;
        Assert.Equal("owner@test.local", listed); // AppUser.NameToShow: the e-mail address when no name is set
        Assert.Equal(listed, member);
    }
}
