using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.Extensions.Logging;

namespace Spike;

public static class StoreSetup
{
    public const string Host = "Host=127.0.0.1;Port=34079;Database=s3_es;Pooling=true;";
    public static string Owner => Host + "Username=s3_owner";
    public static string Service => Host + "Username=s3_svc";
    public static string Super => Host + "Username=postgres";

    public static readonly byte[] Key = Convert.FromHexString("8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");
    public static readonly HashChain Chain = new(Key);

    public static ILoggerFactory Logs = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; }).SetMinimumLevel(LogLevel.Warning));

    /// <param name="hook">"a" = caller folds on its own transaction; "b" = inline IProjection; "c" = session listener.</param>
    public static DocumentStore Build(string conn, AutoCreate autoCreate, string hook, bool asyncStats = true)
    {
        return DocumentStore.For(opts =>
        {
            opts.Connection(conn);
            opts.AutoCreateSchemaObjects = autoCreate;
            // the old store wrote camelCase payloads (AtencionJson); Marten must read and write the same shape
            opts.UseSystemTextJsonForSerialization(casing: Weasel.Core.Casing.CamelCase);
            opts.DatabaseSchemaName = HashChain.Schema;
            opts.Events.DatabaseSchemaName = HashChain.Schema;
            opts.Events.AppendMode = Environment.GetEnvironmentVariable("QUICK") == "1" ? EventAppendMode.Quick : EventAppendMode.Rich;
            opts.Events.TenancyStyle = TenancyStyle.Conjoined;
            opts.Policies.AllDocumentsAreMultiTenanted();
            opts.Events.MetadataConfig.HeadersEnabled = true;
            opts.Events.MetadataConfig.CausationIdEnabled = true;
            opts.Events.MetadataConfig.CorrelationIdEnabled = true;
            opts.Events.MetadataConfig.UserNameEnabled = true;

            opts.Events.MapEventType<CaseOpened>("case_opened");
            opts.Events.MapEventType<NoteAdded>("note_added");
            opts.Events.MapEventType<CaseClosed>("case_closed");

            opts.Projections.Add<CaseViewProjection>(ProjectionLifecycle.Inline);
            if (asyncStats) opts.Projections.Add<CaseStatsProjection>(ProjectionLifecycle.Async);

            foreach (var t in HashChain.Tables()) opts.Storage.ExtendedSchemaObjects.Add(t);
            if (hook == "b") opts.Projections.Add(new HashChainProjection(Chain), ProjectionLifecycle.Inline);
            if (hook == "c") opts.Listeners.Add(new HashChainListener(Chain));
            if (Environment.GetEnvironmentVariable("SQLLOG") == "1") opts.Logger(new ConsoleMartenLogger());
        });
    }
}
