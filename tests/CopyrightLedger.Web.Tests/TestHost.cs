using System.Net;
using System.Text.RegularExpressions;
using CopyrightLedger.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CopyrightLedger.Web.Tests;

/// <summary>Finds the repository root (the folder holding CopyrightLedger.sln).</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CopyrightLedger.sln"))) return d.FullName;
        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }

    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>Copies a sample's images into <paramref name="target"/> (created), so a test can import or change them.</summary>
    public static string CopySampleImages(string sample, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(Path.Combine(Samples, sample, "images"))) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        return target;
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ledger-test-").FullName;

    public void Dispose()
    {
        try
        {
            foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
    }
}

/// <summary>The real app on a real SQLite file in a temp folder, hosted in memory.</summary>
public sealed class LedgerFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-password-1";
    private readonly TempDir? _ownData;
    private readonly bool _seedSamples;

    /// <param name="dataDirectory">An existing data folder to start on (kept), or null for a new temp folder (removed).</param>
    private readonly IReadOnlyDictionary<string, string> _settings;

    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Further configuration (<c>Ledger:Timestamping:Url</c>, ...).</param>
    /// <param name="services">Further services: a test's own job handler, say.</param>
    public LedgerFactory(bool seedSamples = true, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = settings ?? new Dictionary<string, string>();
        _seedSamples = seedSamples;
        if (dataDirectory is null) _ownData = new TempDir();
        DataDirectory = dataDirectory ?? _ownData!.Path;
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Ledger:DataDirectory", DataDirectory);
        builder.UseSetting("Ledger:Admin:Email", AdminEmail);
        builder.UseSetting("Ledger:Admin:Password", AdminPassword);
        builder.UseSetting("Ledger:SeedSamples", _seedSamples ? "true" : "false");
        builder.UseSetting("Ledger:SamplesDirectory", Repo.Samples);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }

    public T Service<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<Accounts.Actor> CreateUserAsync(string email, string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accounts.AppUser>>();
        var user = new Accounts.AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        var result = await users.CreateAsync(user, "Password-for-tests-1");
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(";", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return new Accounts.Actor(user.Id, user.DisplayName, role == Accounts.Roles.Admin, role == Accounts.Roles.Reviewer);
    }

    public LedgerDbContext Db() => Services.GetRequiredService<IDbContextFactory<LedgerDbContext>>().CreateDbContext();

    /// <summary>A client that does not follow redirects, signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await PostSignInAsync(client, email, password, null);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Signs in through the form and returns the cookies as a Cookie header, to replay elsewhere.</summary>
    public async Task<string> SignInCookiesAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new Dictionary<string, string>();
        var response = await PostSignInAsync(client, email, password, jar);
        if (response.StatusCode != HttpStatusCode.Redirect || !jar.ContainsKey("ledger.auth"))
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        return string.Join("; ", jar.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <param name="jar">Null when the client keeps cookies itself; else cookies are carried by hand in it.</param>
    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, Dictionary<string, string>? jar)
    {
        void Keep(HttpResponseMessage r)
        {
            if (jar is null || !r.Headers.TryGetValues("Set-Cookie", out var set)) return;
            foreach (var c in set.Select(c => c.Split(';')[0].Split('=', 2))) jar[c[0]] = c[1];
        }
        var get = await client.GetAsync("/account/login");
        Keep(get);
        var form = await get.Content.ReadAsStringAsync();
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var handler = Regex.Match(form, "name=\"_handler\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["_handler"] = handler,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        if (jar is not null) post.Headers.Add("Cookie", string.Join("; ", jar.Select(kv => $"{kv.Key}={kv.Value}")));
        var response = await client.SendAsync(post);
        Keep(response);
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _ownData?.Dispose();
    }
}

/// <summary>Runs a command-line tool (openssl, poppler, qpdf, bash) and returns its exit code and all it printed.</summary>
public static class Tools
{
    public static (int Exit, string Output) Run(string tool, IReadOnlyList<string> args, string? workingDirectory = null)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
