using Atencion.CaseService.Email;
using JasperFx;
using Wolverine;

namespace Atencion.CaseService.Hosting;

/// <summary>Wolverine in the service: durable messaging on Marten's PostgreSQL, in a schema of its own, created by the owner.</summary>
/// <remarks>
/// The envelope tables (incoming, outgoing, dead letters, nodes) live in <see cref="Schema"/>, apart from the event store's
/// schema whose grants are an exact list. The owner creates them in the migrations (<see cref="MessageStorage"/>); the
/// serving role never builds storage (<c>AutoBuildMessageStorageOnStartup = None</c>). Nodes share the database in
/// Wolverine's balanced mode: each envelope belongs to one node, and the envelopes of a node that died are taken over.
/// </remarks>
public static class WolverineSetup
{
    /// <summary>The schema of Wolverine's envelope storage.</summary>
    public const string Schema = "atencion_messages";

    /// <summary>Adds Wolverine with the case command handlers, the email handler and their policies; nothing else is discovered.</summary>
    public static IServiceCollection AddAtencionMessaging(this IServiceCollection services, IConfiguration config)
    {
        var email = EmailSettings.From(config);
        services.AddWolverine(ExtensionDiscovery.ManualOnly, opts =>
        {
            opts.ServiceName = "atencion";
            opts.ApplicationAssembly = typeof(WolverineSetup).Assembly;
            opts.Discovery.DisableConventionalDiscovery();
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.None;
            opts.Durability.MessageStorageSchemaName = Schema;
            // Balanced: nodes share the database, each envelope has one owner, a dead node's are taken over. Solo (one node,
            // or a test host) skips leader election and takes every envelope at start.
            opts.Durability.Mode = config["Messaging:Mode"] switch
            {
                null or "" or "balanced" => DurabilityMode.Balanced,
                "solo" => DurabilityMode.Solo,
                var other => throw new InvalidOperationException($"Messaging:Mode '{other}' is not one of: balanced, solo."),
            };
            // Wolverine's defaults unless configured (tests shorten them): how often a node looks for scheduled envelopes
            // that fell due (retries; 5 s), checks in (10 s), and how long a silent node lives before its envelopes are
            // taken over (1 min).
            if (Seconds(config, "Messaging:ScheduledPollingSeconds") is { } polling) opts.Durability.ScheduledJobPollingTime = polling;
            if (Seconds(config, "Messaging:HealthCheckSeconds") is { } health) opts.Durability.HealthCheckPollingTime = health;
            if (Seconds(config, "Messaging:StaleNodeSeconds") is { } stale) opts.Durability.StaleNodeTimeout = stale;
            // The handler's code is generated ahead (`codegen write`, Internal/Generated) and loaded, not compiled at start-up.
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
            EmailMessaging.Configure(opts, email);
            Cases.CaseMessaging.Configure(opts);
        });
        return services;
    }

    private static TimeSpan? Seconds(IConfiguration config, string key) => config[key] is { Length: > 0 } text
        ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 0.05 and <= 3600
            ? TimeSpan.FromSeconds(s)
            : throw new InvalidOperationException($"{key} must be a number of seconds from 0.05 to 3600, not '{text}'.")
        : null;
}
