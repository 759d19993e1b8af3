using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Components;
using CopyrightLedger.Web.Data;
using CopyrightLedger.Web.Features.Cases;
using CopyrightLedger.Web.Features.Content;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Features.Works;
using CopyrightLedger.Web.Jobs;
using CopyrightLedger.Web.Localization;
using CopyrightLedger.Web.Samples;
using CopyrightLedger.Web.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Radzen;

namespace CopyrightLedger.Web;

/// <summary>The composition of the web app, read top to bottom: one <c>Add…</c> per feature.</summary>
public static class LedgerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5000";

    public static WebApplication Build(string[] args)
    {
        // Static files are found beside the binary wherever it is started from (the data directory, not the
        // content root, follows the working directory). A test host passes its own content root.
        var ownContentRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ownContentRoot ? null : AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        // The published app serves package assets (Radzen's CSS and JS) from the static web assets manifest
        // in every environment, not only in Development.
        builder.WebHost.UseStaticWebAssets();

        // SQL statements and per-request lines are for debugging, not for the console of a running ledger.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddLedgerCore(builder.Configuration);
        builder.Services.AddLedgerAccounts();
        builder.Services.AddLedgerJobs();
        builder.Services.AddLedgerLocalization();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddContentSecurity();

        var app = builder.Build();
        // Profiles are data a person edits: load them now, so a broken one stops the start with its problems named.
        _ = app.Services.GetRequiredService<Features.Assessment.ProfileCatalog>();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseContentSecurity();
        app.UseRequestLocalization();
        app.UseRateLimiter(); // the sign-in limits (Accounts/SignInLimits.cs); after localization, so a 429 page is in the visitor's language
        app.UseAuthentication();
        app.UseRequiredPasswordChange(); // after a reset, only the change-password page (Accounts/PasswordChange.cs)
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapCultureEndpoints();
        app.MapContentSecurityReports();
        app.MapBlobEndpoints();
        Features.Integrity.BundleEndpoints.MapBundleEndpoints(app);
        Features.Dossier.DossierEndpoints.MapDossierEndpoints(app);
        Features.Ingest.IngestEndpoints.MapIngestEndpoints(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() => PrintHowToSignIn(app));
        return app;
    }

    private static void PrintHowToSignIn(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var options = app.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        foreach (var address in addresses)
            Console.WriteLine($"  CopyrightLedger is serving {address}/ : sign in as {options.Admin.Email} (data in {options.FullDataDirectory})");
    }

    public static IServiceCollection AddLedgerCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LedgerOptions>().Bind(configuration.GetSection(LedgerOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextFactory<LedgerDbContext>((sp, o) =>
        {
            var options = sp.GetRequiredService<IOptions<LedgerOptions>>().Value;
            OwnerOnly.PrepareDataDirectory(options);
            o.UseSqlite($"Data Source={options.DatabasePath};Foreign Keys=True;Pooling=True");
            // Migrations are written by hand (no design-time tools here), so there is no model snapshot for EF to
            // compare with; SchemaTests compares the migrated schema with the model instead.
            o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            o.AddInterceptors(new Ledger.LedgerInterceptor(sp.GetRequiredService<TimeProvider>()));
        });
        services.AddSingleton(sp => new BlobStore(sp.GetRequiredService<IOptions<LedgerOptions>>().Value.BlobDirectory));
        services.AddScoped<CaseService>();
        services.AddScoped<WorkService>();
        services.AddScoped<NoteService>();
        services.AddScoped<ArtifactService>();
        services.AddScoped<CaseFolderImporter>();
        services.AddSingleton<FileAnalyzer>();
        services.AddSingleton<ImportStaging>();
        services.AddScoped<BulkImporter>();
        services.AddScoped<IJobHandler, ImportJob>();
        services.AddScoped<SampleSeeder>();
        services.AddScoped<Ledger.LedgerAudit>();
        services.AddSingleton<Ledger.SigningKey>();
        services.AddScoped<Ledger.Checkpoints>();
        services.AddScoped<Ledger.BundleExporter>();
        services.AddScoped<Features.Assessment.WorkFactsBuilder>();
        services.AddSingleton<Features.Assessment.ProfileCatalog>();
        services.AddScoped<Features.Assessment.AssessmentService>();
        services.AddScoped<Features.Dossier.DossierSource>();
        services.AddScoped<Features.Dossier.DossierService>();
        services.AddScoped<IJobHandler, Features.Dossier.DossierJob>();
        services.AddScoped<Features.Integrity.IntegrityService>();
        services.AddHttpClient("tsa", c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<IJobHandler, Ledger.TimestampJob>();
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<Ledger.CheckpointScheduler>(); // after the initializer: hosted services start in order
        return services;
    }

    /// <summary>The durable job table and its runner; registered after the database initializer, so it starts after migrations.</summary>
    public static IServiceCollection AddLedgerJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobNotifier>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddScoped<JobQueue>();
        return services;
    }

    public static IServiceCollection AddLedgerAccounts(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<LedgerDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DisplayNameClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "ledger.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddLedgerSignInLimits();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SignInLimits>>((o, limits) =>
        {
            o.Lockout.MaxFailedAccessAttempts = limits.Value.LockoutFailures;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(limits.Value.LockoutMinutes);
        });
        // Every request's cookie is checked against the account's security stamp, and open circuits every few
        // seconds, so signing out, disabling or a password reset take effect at once (docs/SECURITY.md).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccessRevalidation>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<Features.Ingest.ApiTokenService>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<SignInLedger>();
        services.AddSingleton<FailedSignIns>();
        services.AddHostedService(sp => sp.GetRequiredService<FailedSignIns>());
        // Cookie and antiforgery keys live with the data, so sign-ins survive a restart and the installation
        // does not depend on the home directory of whoever runs it.
        services.AddDataProtection().SetApplicationName("CopyrightLedger");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<LedgerOptions>>((o, ledger) =>
            o.XmlRepository = new OwnerOnly.XmlRepository(new DirectoryInfo(Path.Combine(ledger.Value.FullDataDirectory, "keys"))));
        return services;
    }
}
