using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CopyrightLedger.Core;
using CopyrightLedger.Core.Cases;
using CopyrightLedger.Core.Evidence;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Ingest;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CopyrightLedger.Web.Tests;

/// <summary>
/// Access that can be withdrawn, over real HTTP requests: signing out, disabling, resetting a password, changing
/// roles and removing a member take effect on the very next request, even for a cookie copied before.
/// </summary>
public sealed class AccessWithdrawalTests : IAsyncLifetime, IDisposable
{
    private const string Password = "Password-for-tests-1"; // LedgerFactory.CreateUserAsync's
    private readonly LedgerFactory _app = new(seedSamples: false);
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        await using var db = _app.Db();
        var admin = await db.Users.SingleAsync(u => u.Email == LedgerFactory.AdminEmail);
        _admin = new Actor(admin.Id, admin.NameToShow, IsAdmin: true, IsReviewerOnly: false);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    /// <summary>A request carrying exactly the given cookies, as a copy of them would.</summary>
    private async Task<HttpResponseMessage> GetAsync(string cookies, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
    }

    private async Task<HttpResponseMessage> SignOutAsync(string cookies, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", cookies);
        return await _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    /// <summary>The antiforgery token of the sign-out form on a signed-in page.</summary>
    private async Task<string> SignOutTokenAsync(string cookies)
    {
        var html = await (await GetAsync(cookies, "/cases")).Content.ReadAsStringAsync();
        return Regex.Match(html, "action=\"account/logout\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    }

    private async Task<List<(string Action, string Actor, JsonElement Data)>> InstallationEventsAsync()
    {
        await using var db = _app.Db();
        return (await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Installation).OrderBy(e => e.Sequence).ToListAsync())
            .Select(e => JsonDocument.Parse(e.Json).RootElement.Clone())
            .Select(j => (j.GetProperty("action").GetString()!, j.GetProperty("actor").GetProperty("id").GetString()!, j.GetProperty("data"))).ToList();
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it()
    {
        await _app.CreateUserAsync("leaver@test.local", Roles.Creator);
        var copied = await _app.SignInCookiesAsync("leaver@test.local", Password);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(copied, "/cases")).StatusCode);

        var signedOut = await SignOutAsync(copied, await SignOutTokenAsync(copied));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        AssertSentToSignIn(await GetAsync(copied, "/cases"));
    }

    [Fact]
    public async Task Sign_out_without_the_sites_token_or_by_get_is_refused_and_signs_nobody_out()
    {
        await _app.CreateUserAsync("stays@test.local", Roles.Creator);
        var cookies = await _app.SignInCookiesAsync("stays@test.local", Password);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignOutAsync(cookies, null)).StatusCode); // what a cross-site form sends
        Assert.Equal(HttpStatusCode.BadRequest, (await SignOutAsync(cookies, "forged")).StatusCode);
        var other = await _app.SignInCookiesAsync(LedgerFactory.AdminEmail, LedgerFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignOutAsync(cookies, await SignOutTokenAsync(other))).StatusCode); // someone else's token
        Assert.NotEqual(HttpStatusCode.Redirect, (await GetAsync(cookies, "/account/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(cookies, "/cases")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_users_cookie_and_api_token_stop_at_once_and_enabling_restores_sign_in()
    {
        var user = await _app.CreateUserAsync("disabled@test.local", Roles.Creator);
        var cookies = await _app.SignInCookiesAsync("disabled@test.local", Password);
        var caseId = await _app.Service<CaseService>().CreateAsync(user, "Mine", "cn-bic", "");
        var workId = await _app.Service<WorkService>().CreateAsync(user, caseId, "Live", Medium.Image, "");
        var token = await _app.Service<ApiTokenService>().CreateAsync(user, "plugin");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(cookies, $"/cases/{caseId}")).StatusCode);

        await _app.Service<UserAdminService>().DisableAsync(_admin, user.UserId);

        AssertSentToSignIn(await GetAsync(cookies, $"/cases/{caseId}"));
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/works/{workId}/files") { Content = new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.png" } } };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().SendAsync(post)).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignInCookiesAsync("disabled@test.local", Password));
        Assert.True((await _app.Service<UserAdminService>().ListAsync(_admin)).Single(u => u.Email == "disabled@test.local").Disabled);

        await _app.Service<UserAdminService>().EnableAsync(_admin, user.UserId);
        var again = await _app.SignInCookiesAsync("disabled@test.local", Password);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(again, $"/cases/{caseId}")).StatusCode);
        var events = (await InstallationEventsAsync()).Where(e => e.Action.StartsWith("user.")).ToList();
        Assert.Equal([("user.disable", _admin.UserId, user.UserId), ("user.enable", _admin.UserId, user.UserId)],
            events.Select(e => (e.Action, e.Actor, e.Data.GetProperty("user").GetString()!)));
    }

    [Fact]
    public async Task An_open_circuits_user_stops_being_current_when_disabled()
    {
        var user = await _app.CreateUserAsync("circuit@test.local", Roles.Creator);
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync((await users.FindByIdAsync(user.UserId))!);
        var options = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        Assert.True(await AccessRevalidation.IsCurrentAsync(users, principal, options));

        await _app.Service<UserAdminService>().DisableAsync(_admin, user.UserId);

        using var later = _app.Services.CreateScope(); // a new scope per check, as the revalidation does
        Assert.False(await AccessRevalidation.IsCurrentAsync(later.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), principal, options));
    }

    [Fact]
    public async Task A_removed_member_gets_not_found_for_the_case_at_once()
    {
        var owner = await _app.CreateUserAsync("owner@test.local", Roles.Creator);
        var member = await _app.CreateUserAsync("member@test.local", Roles.Counsel);
        var cases = _app.Service<CaseService>();
        var caseId = await cases.CreateAsync(owner, "Shared", "cn-bic", "");
        await cases.AddMemberAsync(owner, caseId, "member@test.local", CaseRole.Counsel);
        var cookies = await _app.SignInCookiesAsync("member@test.local", Password);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(cookies, $"/cases/{caseId}")).StatusCode);

        await cases.RemoveMemberAsync(owner, caseId, member.UserId);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(cookies, $"/cases/{caseId}")).StatusCode);
        Assert.Null(await cases.GetAsync(member, caseId));
        await Assert.ThrowsAsync<NotFoundException>(() => _app.Service<WorkService>().CreateAsync(member, caseId, "After", Medium.Image, ""));
        await using var db = _app.Db();
        var last = await db.LedgerEvents.Where(e => e.Chain == LedgerChains.Of(caseId)).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal("member.remove", last.Action);
        Assert.Contains(member.UserId, last.Json);
        Assert.True((await _app.Service<LedgerAudit>().CheckCaseAsync(caseId)).Intact);
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_removed_nor_demoted_by_any_path()
    {
        var owner = await _app.CreateUserAsync("sole@test.local", Roles.Creator);
        var cases = _app.Service<CaseService>();
        var caseId = await cases.CreateAsync(owner, "Sole", "cn-bic", "");
        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => cases.RemoveMemberAsync(owner, caseId, owner.UserId)),
            await Assert.ThrowsAsync<DomainException>(() => cases.ChangeMemberRoleAsync(owner, caseId, owner.UserId, CaseRole.Reviewer)),
            await Assert.ThrowsAsync<DomainException>(() => cases.AddMemberAsync(owner, caseId, "sole@test.local", CaseRole.Counsel)),
            await Assert.ThrowsAsync<DomainException>(() => cases.RemoveMemberAsync(Actor.CommandLine(), caseId, owner.UserId)),
        };
        Assert.All(refusals, e => Assert.Contains("keeps at least one owner", e.Message));
        Assert.Equal(CaseRole.Owner, (await cases.GetAsync(owner, caseId))!.MyRole);

        await _app.CreateUserAsync("second@test.local", Roles.Creator);
        await cases.AddMemberAsync(owner, caseId, "second@test.local", CaseRole.Owner);
        await cases.ChangeMemberRoleAsync(owner, caseId, owner.UserId, CaseRole.Counsel);
        Assert.Equal(CaseRole.Counsel, (await cases.GetAsync(owner, caseId))!.MyRole);
    }

    [Fact]
    public async Task Only_an_owner_manages_members_and_a_non_member_learns_nothing()
    {
        var owner = await _app.CreateUserAsync("o@test.local", Roles.Creator);
        var counsel = await _app.CreateUserAsync("c@test.local", Roles.Counsel);
        var outsider = await _app.CreateUserAsync("x@test.local", Roles.Creator);
        var cases = _app.Service<CaseService>();
        var caseId = await cases.CreateAsync(owner, "Guarded", "cn-bic", "");
        await cases.AddMemberAsync(owner, caseId, "c@test.local", CaseRole.Counsel);
        await Assert.ThrowsAsync<DomainException>(() => cases.RemoveMemberAsync(counsel, caseId, owner.UserId));
        await Assert.ThrowsAsync<DomainException>(() => cases.ChangeMemberRoleAsync(counsel, caseId, counsel.UserId, CaseRole.Owner));
        await Assert.ThrowsAsync<NotFoundException>(() => cases.RemoveMemberAsync(outsider, caseId, counsel.UserId));
        await Assert.ThrowsAsync<NotFoundException>(() => cases.ChangeMemberRoleAsync(_admin, caseId, counsel.UserId, CaseRole.Reviewer)); // admins see no case they are not in
        await cases.ChangeMemberRoleAsync(owner, caseId, counsel.UserId, CaseRole.Reviewer);
        Assert.Equal(CaseRole.Reviewer, (await cases.GetAsync(counsel, caseId))!.MyRole);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_and_the_old_password()
    {
        var user = await _app.CreateUserAsync("forgot@test.local", Roles.Creator);
        var cookies = await _app.SignInCookiesAsync("forgot@test.local", Password);

        var generated = await _app.Service<UserAdminService>().ResetPasswordAsync(_admin, user.UserId, null);

        AssertSentToSignIn(await GetAsync(cookies, "/cases"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignInCookiesAsync("forgot@test.local", Password));
        await Assert.ThrowsAsync<DomainException>(() => _app.Service<UserAdminService>().ResetPasswordAsync(_admin, user.UserId, "short"));

        // The reset password works once: until its owner chooses their own, nothing else opens.
        var client = await _app.SignedInClientAsync("forgot@test.local", generated);
        var blocked = await client.GetAsync("/cases");
        Assert.Equal((HttpStatusCode.Redirect, PasswordChange.Path), (blocked.StatusCode, blocked.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/account/login", new FormUrlEncodedContent([]))).StatusCode);
        var form = await client.GetStringAsync(PasswordChange.Path);
        Assert.Contains("id=\"password-required\"", form);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value,
            ["_handler"] = Regex.Match(form, "name=\"_handler\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Input.Current"] = "not-the-one", ["Input.Chosen"] = "My-own-password-9",
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(PasswordChange.Path, new FormUrlEncodedContent(fields))).StatusCode); // wrong current: the form again
        fields["Input.Current"] = generated;
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(PasswordChange.Path, new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/cases")).StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignInCookiesAsync("forgot@test.local", generated));
        await _app.SignInCookiesAsync("forgot@test.local", "My-own-password-9");
        Assert.Contains("user.change-password", (await InstallationEventsAsync()).Select(e => e.Action));
        var reset = (await InstallationEventsAsync()).Single(e => e.Action == "user.reset-password");
        Assert.DoesNotContain(generated, reset.Data.GetRawText()); // the ledger never holds a password
        Assert.True(reset.Data.GetProperty("generated").GetBoolean());
    }

    [Fact]
    public async Task A_role_change_ends_the_sessions_and_the_last_administrator_stays_one()
    {
        var user = await _app.CreateUserAsync("promoted@test.local", Roles.Reviewer);
        var cookies = await _app.SignInCookiesAsync("promoted@test.local", Password);
        var admin = _app.Service<UserAdminService>();

        await admin.SetRolesAsync(_admin, user.UserId, ["creator", "Counsel"]);

        AssertSentToSignIn(await GetAsync(cookies, "/cases"));
        Assert.Equal(["Counsel", "Creator"], (await admin.ListAsync(_admin)).Single(u => u.Id == user.UserId).Roles);
        Assert.Contains("last enabled administrator", (await Assert.ThrowsAsync<DomainException>(() => admin.SetRolesAsync(_admin, _admin.UserId, [Roles.Creator]))).Message);
        Assert.Contains("your own account", (await Assert.ThrowsAsync<DomainException>(() => admin.DisableAsync(_admin, _admin.UserId))).Message);
        Assert.Contains("last enabled administrator", (await Assert.ThrowsAsync<DomainException>(() => admin.DisableAsync(Actor.CommandLine(), _admin.UserId))).Message);
        await Assert.ThrowsAsync<DomainException>(() => admin.SetRolesAsync(_admin, user.UserId, ["Superuser"]));
        await Assert.ThrowsAsync<DomainException>(() => admin.DisableAsync(user, _admin.UserId)); // not an administrator
        Assert.Equal(["Counsel", "Creator"], (await admin.ListAsync(_admin)).Single(u => u.Id == user.UserId).Roles);
    }
}
