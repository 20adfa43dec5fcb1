using Atencion.EventStore.Marten.Store;
using System.Text.Json;
using Atencion.CaseService.Admin;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Cases;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Http;
using Atencion.CaseService.Http.OpenApi;
using Atencion.EventStore;
using Atencion.EventStore.Marten;
using Marten;
using Wolverine.Marten;
using Atencion.Projections;
using Atencion.Projections.Cases;
using Atencion.Projections.Entities;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Atencion.CaseService.Pqrsd;
using Atencion.CaseService.Staff;
using Atencion.CaseService.Email;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.RealTime;

namespace Atencion.CaseService.Hosting;

/// <summary>Wires the service: database, event store and projections, JSON, auth, problem details, OpenAPI, health, routes.</summary>
public static class AtencionHost
{
    /// <summary>The address ops/run serves on when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the service from command-line style settings (<c>--key=value</c>).</summary>
    /// <param name="args">Settings, over the environment's.</param>
    /// <param name="overrides">Services that replace the defaults, registered last (a test host's injected clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        LoggingSetup.Configure(builder);
        var services = builder.Services;

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => DatabaseSettings.From(builder.Configuration));
        services.AddSingleton(sp => EventStoreDataSource.Create(sp.GetRequiredService<DatabaseSettings>().App));
        services.AddSingleton(_ => AtencionJson.Create());
        // The event store is Marten's (issue 14): the settings hold our registry's names, the chain key and the
        // injected clock; the serving role's connections come from the one data source, and the owner applies the
        // schema (DatabaseMigration), so the store never changes it.
        var chainKey = MartenSetup.ChainKey(builder.Configuration);
        services.AddSingleton(sp => MartenSetup.Settings(chainKey, sp.GetRequiredService<TimeProvider>()));
        // The async projections run on Marten's daemon (Admin/ProjectionDaemonSetup): registered here and on the owner's
        // apply by the same call. Marten's connections come from a data source of their own that names this node.
        var marten = services.AddMarten(sp =>
        {
            var opts = new StoreOptions();
            var settings = sp.GetRequiredService<MartenSettings>();
            AtencionMarten.Configure(opts, settings);
            ProjectionDaemonSetup.AddProjections(opts, sp.GetServices<Atencion.Projections.Daemon.IAsyncProjection>(), settings.Types, builder.Configuration);
            // The case as commands decide on it: folded live for Wolverine's aggregate handler workflow, never stored.
            opts.Projections.Add(new Atencion.Projections.Cases.CaseAggregation(), JasperFx.Events.Projections.ProjectionLifecycle.Live);
            return opts;
        }).UseNpgsqlDataSource(ProjectionDaemonSetup.MartenDataSourceKey)
            // Wolverine's envelopes in Marten's database, in a schema of their own that the owner creates (MessageStorage).
            .IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = WolverineSetup.Schema;
                w.AutoCreate = JasperFx.AutoCreate.None;
            });
        services.AddSingleton(sp => new MartenEventStore(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<MartenSettings>(),
            [
                new CaseViewProjection(sp.GetRequiredService<JsonSerializerOptions>()),
                new EntityProjection(sp.GetRequiredService<JsonSerializerOptions>()),
                new Projections.Turns.TurnQueueProjection(),
                new Projections.Surveys.SurveyTokenProjection(sp.GetRequiredService<JsonSerializerOptions>()),
                new Projections.Email.EmailOutboxProjection(),
                // After the outbox row: each EmailQueued enrolls its SendEmail message in the append's transaction
                // (unless this deployment sends no email: Email:Enabled=false).
                .. (IEnumerable<Atencion.EventStore.Appending.IInlineProjection>)(sp.GetRequiredService<EmailSettings>().Enabled ? [sp.GetRequiredService<EmailMessages>()] : []),
            ]));
        services.AddSingleton<CaseViews>();
        services.AddSingleton<Cases.CaseIntegrity>();
        // Reply addresses are tagged with a key derived from the chain key, so no further secret is needed.
        services.AddSingleton(sp => new Atencion.Domain.Cases.ReplyAddress(
            System.Security.Cryptography.HMACSHA256.HashData(sp.GetRequiredService<MartenEventStore>().Options.ChainKey, "reply-address"u8),
            builder.Configuration["Email:ReplyMailbox"] ?? "respuestas@atencion.local"));
        services.AddSingleton<CaseCommands>();
        services.AddEmail();
        services.AddSingleton<EntityRegistry>();
        services.AddSingleton<EntityCommands>();
        services.AddSingleton<TenantFilter>();
        services.AddHostedService<MigrateOnStartup>();
        // After the migrations (hosted services start in order): Wolverine checks its storage when it starts.
        services.AddAtencionMessaging(builder.Configuration);
        // After the migrations (hosted services start in order): the scheduler needs its tables.
        Jobs.AtencionJobs.AddAtencionJobs(services, builder.Configuration);
        Turns.TurnServices.Add(services);
        Surveys.SurveyRoutes.Add(services);
        // Async projections (case search, reports, indicators, contact register) and the daemon that runs them; after the migrations.
        services.AddSingleton<Atencion.Projections.Daemon.IAsyncProjection, Atencion.Projections.Reports.CaseFactsProjection>();
        services.AddSingleton<Atencion.Projections.Daemon.IAsyncProjection, Atencion.Projections.Contacts.ContactRegisterProjection>();
        services.AddSingleton<Atencion.Projections.Reports.CaseFactsReader>();
        services.AddSingleton(sp => new Atencion.Projections.Contacts.ContactRegister(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            builder.Configuration.GetValue("Reports:ContactsReadBatch", Atencion.Projections.Contacts.ContactRegister.DefaultReadBatch)));
        services.AddSingleton<Atencion.Projections.Daemon.IAsyncProjection, Atencion.Projections.Turns.TurnFactsProjection>();
        services.AddSingleton<Atencion.Projections.Turns.TurnFactsReader>();
        services.AddSingleton<Indicators.InPersonIndicator>();
        services.AddSingleton<Audit.ReadRecorder>();
        services.AddProjectionDaemon(builder.Configuration, marten);
        // Every node's own subscription to the log, feeding its hub clients (after the daemon, which names the node).
        services.AddHubFeed();
        Inbound.InboundEmailEndpoint.Add(services);

        services.Configure<JsonOptions>(o => AtencionJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            ProblemLanguage.Apply(c);
        });
        services.AddSingleton<IProblemDetailsWriter, ProblemForAnyAccept>();
        services.AddExceptionHandler<Problems>();

        services.AddSingleton(_ => TokenSettings.From(builder.Configuration));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<Chat.ChatTokens>();
        services.AddSingleton<Chat.ClosedChatGrace>();
        services.AddSingleton<Chat.ChatInactivityRunner>();
        services.AddSignalR().AddJsonProtocol(o => AtencionJson.Configure(o.PayloadSerializerOptions));
        services.AddCors();
        services.AddSingleton<Chat.AllowedOrigins>();
        services.AddSingleton<Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider, Chat.EntityCorsPolicyProvider>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenSettings>((o, tokens) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = tokens.Issuer,
                ValidAudience = tokens.Audience,
                IssuerSigningKey = tokens.Key,
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            // Browsers cannot set headers on WebSockets or EventSource: the hub takes the token from the query.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = m =>
                {
                    if (m.HttpContext.Request.Path.StartsWithSegments(Chat.ChatHub.Path) && m.Request.Query["access_token"] is [{ Length: > 0 } token])
                        m.Token = token;
                    // Nor can the Hangfire dashboard's pages and polls: they carry the operator's token in a cookie.
                    else if (Jobs.HangfireDashboard.TokenOf(m.Request) is { } dashboardToken)
                        m.Token = dashboardToken;
                    return Task.CompletedTask;
                },
                OnTokenValidated = TokenClaims.Require,
            };
        });
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Roles.Policies) o.AddPolicy(policy, p => p.RequireRole(roles));
        });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();

        services.AddPublicRateLimits(builder.Configuration);
        services.AddAtencionOpenApi();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        overrides?.Invoke(services);
        var app = builder.Build();
        // Before anything reads the client's address (the rate limits): a trusted proxy's X-Forwarded-For names the client.
        app.UseForwardedHeaders();
        // First, so that every answer carries it: problems, 401s and 403s included.
        app.Use((http, next) => { Actor.CorrelationId(http); return next(http); });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.Use(TokenClaims.RefuseIncomplete);
        app.Use(Jobs.HangfireDashboard.KeepToken);
        // Once the token's tenant is known: a browser's hub connection from an origin its entity does not allow is refused.
        app.Use(Chat.HubOrigins.Refuse);
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReport.WriteAsync });

        var api = app.MapGroup("/api/{tenant}").AddEndpointFilter<TenantFilter>().AddEndpointFilter<Audit.ReadRecorder>();
        api.MapCases();
        api.MapSettings();
        api.MapStaff();
        api.MapPqrsd();
        Jobs.UpcomingJobsEndpoint.MapJobs(api);
        Reports.ReportRoutes.MapReports(api);
        Chat.ChatRoutes.MapChat(api);
        app.MapProjectionAdmin();
        Jobs.HangfireDashboard.MapHangfireDashboard(app);
        app.MapDeadLetters();
        app.MapHub<Chat.ChatHub>(Chat.ChatHub.Path).RequireCors(Chat.EntityCorsPolicyProvider.Policy).CitizenFacing();
        Turns.TurnServices.Map(app, api);
        Surveys.SurveyRoutes.MapSurveys(api);
        Inbound.InboundEmailEndpoint.MapInbound(api);
        return app;
    }
}
