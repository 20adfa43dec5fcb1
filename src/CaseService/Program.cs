using Atencion.CaseService.Auth;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Hosting;
using Atencion.EventStore;
using Atencion.Projections.Entities;
using JasperFx;

// Verbs: serve (default), migrate, upgrade-store, seed, token <tenant> <role> <user-id>, verify <tenant> <case-id>, projections rebuild [name], codegen write.
var verb = args.FirstOrDefault() is { } first && !first.StartsWith('-') ? first : "serve";
var rest = verb == "serve" && args.FirstOrDefault() != "serve" ? args : args.Skip(1).ToArray();

switch (verb)
{
    case "serve":
        AtencionHost.Build(rest).Run();
        return 0;

    case "migrate":
    {
        // The service's registrations give the async projections whose tables the owner creates and grants.
        await using var app = AtencionHost.Build(rest);
        var applied = await DatabaseMigration.RunAsync(app.Services.GetRequiredService<DatabaseSettings>(),
            app.Services.GetRequiredService<Atencion.EventStore.Marten.MartenSettings>(),
            app.Services.GetServices<Atencion.Projections.Daemon.IAsyncProjection>().ToList(), app.Configuration, default);
        Console.WriteLine(applied.Count == 0 ? "Schema up to date." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }

    case "upgrade-store":
    {
        // Once, as the owner, after migrate: today's atencion.events into Marten's tables (issue 14), verified before and after.
        var config = Configuration(rest);
        try
        {
            var copied = await new Atencion.EventStore.Marten.Upgrade.EventLogUpgrade(MartenSetup.Settings(MartenSetup.ChainKey(config)))
                .RunAsync(DatabaseSettings.From(config).Admin, DatabaseMigration.AfterUpgradeAsync);
            Console.WriteLine($"Upgraded: {copied.Streams} streams, {copied.Events} events (old log up to seq {copied.LastLegacySeq}); both chains verified.");
            return 0;
        }
        catch (Atencion.EventStore.Marten.Upgrade.EventLogUpgradeRefusedException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    case "seed":
    {
        await using var app = AtencionHost.Build(rest);
        await DatabaseMigration.RunAsync(app.Services.GetRequiredService<DatabaseSettings>(), app.Services.GetRequiredService<Atencion.EventStore.Marten.MartenSettings>(),
            app.Services.GetServices<Atencion.Projections.Daemon.IAsyncProjection>().ToList(), app.Configuration, default);
        var created = await DemoEntities.SeedAsync(app.Services.GetRequiredService<EntityCommands>(), app.Services.GetRequiredService<EntityRegistry>(), default);
        Console.WriteLine(created.Count == 0 ? "Demo entities already present." : $"Seeded: {string.Join(", ", created)}");
        return 0;
    }

    case "token" when rest.Length == 3:
        Console.WriteLine(new TokenIssuer(TokenSettings.From(Configuration([])), TimeProvider.System).Issue(rest[0], rest[1], rest[2]));
        return 0;

    case "verify" when rest.Length == 2 && Guid.TryParse(rest[1], out var caseId) && TenantId.IsValid(rest[0]):
    {
        await using var app = AtencionHost.Build([]);
        // The same check as GET cases/{id}/integrity: chain, head and its MAC, and the case view, in one snapshot.
        var report = await app.Services.GetRequiredService<Atencion.CaseService.Cases.CaseIntegrity>().VerifyAsync(new TenantId(rest[0]), caseId, default);
        if (report is null)
        {
            Console.Error.WriteLine($"There is no case {caseId} in {rest[0]}.");
            return 3;
        }
        Console.WriteLine(report.Valid ? $"valid: {report.Events} events, head {report.HeadHash}" : $"INVALID at version {report.FirstInvalidVersion}: {report.Reason}");
        return report.Valid ? 0 : 1;
    }

    case "projections":
        return await Atencion.CaseService.Admin.ProjectionsCommand.RunAsync(rest);

    case "codegen":
        // Wolverine's generated handler code (codegen write | preview | test), kept in Internal/Generated and loaded
        // statically (TypeLoadMode.Static): `ATENCION_DB=... dotnet run --project src/CaseService -- codegen write`.
        return await AtencionHost.Build([]).RunJasperFxCommands(["codegen", .. rest]);

    default:
        Console.Error.WriteLine("""
            usage: Atencion.CaseService [serve] [--urls URL]
                   Atencion.CaseService migrate
                   Atencion.CaseService upgrade-store
                   Atencion.CaseService seed
                   Atencion.CaseService token <tenant> <role> <user-id>
                   Atencion.CaseService verify <tenant> <case-id>
                   Atencion.CaseService projections rebuild [name]
                   Atencion.CaseService codegen write
            """);
        return 2;
}

static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

public partial class Program;
