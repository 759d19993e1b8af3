using System.Text.Json;
using CopyrightLedger.Web.Accounts;
using CopyrightLedger.Web.Features.Import;
using CopyrightLedger.Web.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CopyrightLedger.Web.Tests;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// Who the ledger names for a command-line verb (docs/LEDGER.md): one rule for every verb, run here in this process on
/// a data folder named by the environment, as the binary reads it. Not run in parallel, since it sets the environment.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class CommandLineActorTests
{
    [Fact]
    public async Task Import_and_bundle_export_name_the_same_command_line_actor()
    {
        using var data = new TempDir();
        using var files = new TempDir();
        var folder = Repo.CopySampleImages("reroll-only", Path.Combine(files.Path, "cats"));
        var saved = (Environment.GetEnvironmentVariable("Ledger__DataDirectory"), Environment.GetEnvironmentVariable("Ledger__Admin__Password"));
        Environment.SetEnvironmentVariable("Ledger__DataDirectory", data.Path);
        Environment.SetEnvironmentVariable("Ledger__Admin__Password", "Admin-password-1");
        try
        {
            Assert.Equal(0, await ImportCommand.RunAsync([folder, "--case", "Cats"]));
            Assert.Equal(0, await BundleCommands.BundleAsync(["export", "--case", "Cats", "--out", Path.Combine(files.Path, "cats.zip")]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Ledger__DataDirectory", saved.Item1);
            Environment.SetEnvironmentVariable("Ledger__Admin__Password", saved.Item2);
        }

        using var app = new LedgerFactory(seedSamples: false, dataDirectory: data.Path);
        await using var db = app.Db();
        var actors = (await db.LedgerEvents.Where(e => e.Action == "import" || e.Action == LedgerActions.Export).Select(e => new { e.Action, e.Json }).ToListAsync())
            .Select(e => (e.Action, Actor: JsonDocument.Parse(e.Json).RootElement.GetProperty("actor")))
            .Select(e => (e.Action, Id: e.Actor.GetProperty("id").GetString(), Name: e.Actor.GetProperty("name").GetString())).ToList();
        var expected = Actor.CommandLine();
        Assert.Contains(actors, a => a.Action == "import");
        Assert.Contains(actors, a => a.Action == LedgerActions.Export);
        Assert.All(actors, a => Assert.Equal((expected.UserId, expected.DisplayName), (a.Id, a.Name)));
    }
}
