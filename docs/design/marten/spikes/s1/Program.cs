using System.Text.Json;
using Atencion.Domain.Cases;
using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Services;
using Marten.Services.Json.Transformations.SystemTextJson;
using Npgsql;

const string Cs = "Host=127.0.0.1;Port=34079;Database=s1_marten;Username=postgres";
const string Schema = "atencion_es";

static void Configure(StoreOptions opts)
{
    opts.Connection(Cs);
    opts.DatabaseSchemaName = Schema;           // documents + events
    opts.Events.DatabaseSchemaName = Schema;
    opts.AutoCreateSchemaObjects = AutoCreate.All;
    opts.Events.TenancyStyle = TenancyStyle.Conjoined;
    opts.Policies.AllDocumentsAreMultiTenanted();
    opts.Events.AppendMode = EventAppendMode.Rich;
    opts.Events.MetadataConfig.CorrelationIdEnabled = true;
    opts.Events.MetadataConfig.CausationIdEnabled = true;
    opts.Events.MetadataConfig.UserNameEnabled = true;
    opts.Events.MetadataConfig.HeadersEnabled = true;
}

// Store "A": the OLD code base (legacy CLR types).
var storeA = DocumentStore.For(opts =>
{
    Configure(opts);
    opts.Events.MapEventType<Legacy.Events.CaseOpened>("CaseOpened");
    opts.Events.MapEventType<Legacy.Events.NoteAdded>("NoteAdded");
    opts.Events.MapEventType<CaseAssigned>("CaseAssigned");
    opts.Events.MapEventType<CaseClosed>("CaseClosed");
});

// Store "B": the CURRENT code base. Legacy types are NOT registered at all.
var storeB = DocumentStore.For(opts =>
{
    Configure(opts);
    opts.Events.MapEventType<CaseOpenedV2>("CaseOpened");
    opts.Events.MapEventType<CaseAssigned>("CaseAssigned");
    opts.Events.MapEventType<CaseNoteAdded>("NoteAdded.v2");
    opts.Events.MapEventType<CaseClosed>("CaseClosed");
    opts.Events.Upcast(new NoteAddedV1Upcaster());    // "NoteAdded" (v1 json) -> CaseNoteAdded
});

await Scenarios.Run(storeA, storeB, Cs, Schema);

/// Raw-JSON upcaster: the old CLR type need not exist any more.
public sealed class NoteAddedV1Upcaster : EventUpcaster<CaseNoteAdded>
{
    public override string EventTypeName => "NoteAdded";
    protected override CaseNoteAdded Upcast(JsonDocument old)
        => new(old.RootElement.GetProperty("Text").GetString()!, "(unknown, v1)");
}
