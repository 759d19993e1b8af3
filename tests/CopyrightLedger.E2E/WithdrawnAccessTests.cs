using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CopyrightLedger.E2E;

/// <summary>
/// Access withdrawn while the person has the app open in another browser: the very next thing their page does fails
/// and they are sent to sign in, whether an administrator acts on the Users page or on the command line.
/// </summary>
public sealed class WithdrawnAccessTests(BrowserFixture f) : IClassFixture<BrowserFixture>
{
    private const string Password = "E2e-user-password-1";

    private static Task InteractiveAsync(IPage page) => BrowserFixture.InteractiveAsync(page);

    /// <summary>
    /// The administrator creates an account on the Users page (left open); the person signs in in a browser of their
    /// own, opens a new case, and stays on its page.
    /// </summary>
    private async Task<(IPage Admin, IPage User, string CaseUrl)> NewUserOnOwnCaseAsync(string email, string title)
    {
        var admin = await f.SignedInPageAsync();
        await admin.GotoAsync("/admin/users");
        await InteractiveAsync(admin);
        await admin.FillAsync("#user-email", email);
        await admin.FillAsync("#user-name", email.Split('@')[0]);
        await admin.FillAsync("#user-password", Password);
        await admin.ClickAsync("#user-create");
        await Assertions.Expect(admin.Locator($"[data-status='{email}']")).ToHaveTextAsync("Active");

        var page = await f.SignedInPageAsync(email, Password);
        await InteractiveAsync(page);
        await BrowserFixture.NewCaseAsync(page, title);
        return (admin, page, page.Url);
    }

    private Task<(int Exit, string Output)> LedgerAsync(params string[] args) =>
        Tools.RunAsync(AppProcess.BinaryPath, new Dictionary<string, string> { ["Ledger__DataDirectory"] = f.App.DataDirectory }, args);

    [Fact]
    public async Task A_user_disabled_on_the_users_page_is_sent_from_their_open_case_to_sign_in_and_cannot_return()
    {
        var (admin, user, caseUrl) = await NewUserOnOwnCaseAsync("leaving@e2e.local", "Open when disabled");

        await admin.ClickAsync("[data-disable='leaving@e2e.local']");
        await Assertions.Expect(admin.Locator("[data-status='leaving@e2e.local']")).ToHaveTextAsync("Disabled");

        // Their open page notices without a reload: the circuit is revalidated every few seconds.
        await user.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });
        // The cookie itself no longer opens anything.
        await user.GotoAsync(caseUrl);
        await user.WaitForURLAsync("**/account/login**");
        await user.FillAsync("#email", "leaving@e2e.local");
        await user.FillAsync("#password", Password);
        await user.ClickAsync("#sign-in");
        await Assertions.Expect(user.Locator(".ledger-error")).ToContainTextAsync("not right");

        await admin.ClickAsync("[data-enable='leaving@e2e.local']");
        await Assertions.Expect(admin.Locator("[data-status='leaving@e2e.local']")).ToHaveTextAsync("Active");
        await user.ClickAsync("#sign-in");
        await user.WaitForURLAsync(caseUrl); // back where the sign-in sent them from
    }

    [Fact]
    public async Task Access_withdrawn_on_the_command_line_beside_the_running_app_takes_effect_in_the_open_page()
    {
        var (_, user, caseUrl) = await NewUserOnOwnCaseAsync("cli@e2e.local", "Command-line case");

        var lastOwner = await LedgerAsync("member", "remove", "--case", "Command-line case", "cli@e2e.local");
        Assert.Equal(2, lastOwner.Exit);
        Assert.Contains("keeps at least one owner", lastOwner.Output);
        var lastAdmin = await LedgerAsync("user", "disable", AppProcess.AdminEmail);
        Assert.Equal(2, lastAdmin.Exit);
        Assert.Contains("last enabled administrator", lastAdmin.Output);

        var role = await LedgerAsync("user", "role", "cli@e2e.local", "Reviewer");
        Assert.True(role.Exit == 0, role.Output);
        await user.WaitForURLAsync("**/account/login**", new() { Timeout = 20_000 });

        var reset = await LedgerAsync("user", "reset-password", "cli@e2e.local");
        Assert.True(reset.Exit == 0, reset.Output);
        var generated = Regex.Match(reset.Output, "shown only now\\): (\\S+)").Groups[1].Value;
        await user.FillAsync("#email", "cli@e2e.local");
        await user.FillAsync("#password", generated);
        await user.ClickAsync("#sign-in");
        // The reset password works once: its owner chooses their own before anything else opens.
        await user.WaitForURLAsync("**/account/password");
        await user.FillAsync("#current", generated);
        await user.FillAsync("#chosen", "E2e-chosen-password-2");
        await user.ClickAsync("#password-save");
        await user.WaitForURLAsync("**/cases");
        await user.GotoAsync(caseUrl);
        await Assertions.Expect(user.Locator("#case-heading")).ToHaveTextAsync("Command-line case");

        var audit = await LedgerAsync("audit");
        Assert.True(audit.Exit == 0, audit.Output);
        Assert.Matches(new Regex(@"ok\s+installation \(sign-ins, accounts\): \d+ event\(s\)"), audit.Output);
    }
}
