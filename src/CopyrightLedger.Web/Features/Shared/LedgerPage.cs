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

    protected async Task<Actor> ActorAsync() => Actor.From((await AuthState).User);

    /// <summary>Shows the not-found message, with status 404 on the first response: a non-member learns nothing.</summary>
    protected void MarkNotFound()
    {
        NotFound = true;
        if (HttpContext is { Response.HasStarted: false } http) http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
