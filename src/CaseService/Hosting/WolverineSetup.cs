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

    /// <summary>Adds Wolverine with the email handler and its policies; nothing else is discovered.</summary>
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
            opts.Durability.Mode = DurabilityMode.Balanced;
            // How often a node looks for scheduled envelopes that fell due (retries): Wolverine's 5 s by default; tests shorten it.
            if (config.GetValue<double?>("Messaging:ScheduledPollingSeconds") is { } polling)
                opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(Math.Clamp(polling, 0.05, 60));
            opts.UseRuntimeCompilation();
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Dynamic;
            EmailMessaging.Configure(opts, email);
        });
        return services;
    }
}
