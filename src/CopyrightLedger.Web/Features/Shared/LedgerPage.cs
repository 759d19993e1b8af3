using CopyrightLedger.Web.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace CopyrightLedger.Web.Features.Shared;

/// <summary>Base of the signed-in pages: who is asking, and how to answer "not found".</summary>
public abstract class LedgerPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    /// <summary>Present while the page is rendered on the server for the first response; null once interactive.</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    protected bool NotFound { get; private set; }

    [Inject] private AuthenticationStateProvider AuthStates { get; set; } = default!;

    /// <summary>
    /// The signed-in person, checked against the database on an open circuit (the first response's cookie was checked
    /// already): access withdrawn a moment ago refuses this action (docs/SECURITY.md, "Sign-in and access").
    /// </summary>
    protected async Task<Actor> ActorAsync()
    {
        var user = (await AuthState).User;
        if (HttpContext is null && AuthStates is AccessRevalidation access) await access.RequireCurrentAsync(user);
        return Actor.From(user);
    }

    /// <summary>Shows the not-found message, with status 404 on the first response: a non-member learns nothing.</summary>
    protected void MarkNotFound()
    {
        NotFound = true;
        if (HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
