using CopyrightLedger.Web.Features.Shared;

namespace CopyrightLedger.Web.Tests;

public sealed class UrlPolicyTests
{
    [Theory]
    [InlineData("/cases")]
    [InlineData("/cases/1?tab=notes#n")]
    [InlineData("/works/a:b")]
    public void A_path_inside_the_app_is_local(string url) => Assert.True(UrlPolicy.IsLocalPath(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("cases")]
    [InlineData("/\u200B/evil.example")]
    public void Another_host_or_a_scheme_is_not_local(string? url) => Assert.False(UrlPolicy.IsLocalPath(url));

    [Theory]
    [InlineData("https://example.org", true)]
    [InlineData("mailto:a@example.org", true)]
    [InlineData("/cases", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("1javascript:alert(1)", false)]
    public void A_dossier_link_is_the_web_or_mail_only(string url, bool allowed) =>
        Assert.Equal(allowed, UrlPolicy.IsAllowedExternalLink(url));
}
