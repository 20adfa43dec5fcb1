using System.Security.Cryptography;
using Atencion.Domain.Cases;
using Atencion.EventStore.Marten;
using Atencion.Projections.Evolution;
using Atencion.TestSupport;
using Marten;
using Npgsql;

namespace Atencion.Projections.Tests.Marten;

/// <summary>How an event evolves on Marten (docs/event-store.md): a row under an old name and shape reads as today's record.</summary>
public sealed class NoteEvolutionTests : IAsyncLifetime
{
    private const string Tenant = "ent-1";
    private TestDatabase _db = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateUnmigratedAsync();
        var settings = new MartenSettings(EventCatalog.Create(), RandomNumberGenerator.GetBytes(32)) { Upcasters = EventCatalog.Upcasters() };
        await MartenSchema.ApplyAsync(_db.AdminConnectionString, TestDatabase.AppRole, settings);
        _store = AtencionMarten.CreateStore(_db.AppConnectionString, settings);
    }

    [Fact]
    public async Task A_note_stored_under_its_old_name_and_shape_is_read_as_todays_NoteAdded()
    {
        var stream = await StartAsync(new NoteAdded(Guid.NewGuid(), "placeholder"));
        var noteId = Guid.NewGuid();
        // The row as older code would have left it: its name, its shape, a CLR type that no longer exists.
        await using (var conn = new NpgsqlConnection(_db.AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                update atencion_es.mt_events
                   set type = $1, data = jsonb_build_object('noteId', $2::uuid, 'body', $3::text),
                       mt_dotnet_type = 'Atencion.Domain.Cases.CaseNoteAdded, Atencion.Domain'
                 where stream_id = $4
                """, conn);
            cmd.Parameters.AddWithValue(CaseNoteAddedUpcaster.OldName);
            cmd.Parameters.AddWithValue(noteId);
            cmd.Parameters.AddWithValue("El ciudadano llamó para ampliar la petición");
            cmd.Parameters.AddWithValue(stream);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        await using var session = _store.QuerySession(Tenant);
        var read = Assert.Single(await session.Events.FetchStreamAsync(stream));
        Assert.Equal(new NoteAdded(noteId, "El ciudadano llamó para ampliar la petición"), read.Data);
    }

    [Fact]
    public async Task A_note_written_today_keeps_its_catalog_name_and_reads_back_unchanged()
    {
        var note = new NoteAdded(Guid.NewGuid(), "Se remitió a la secretaría");
        var stream = await StartAsync(note);

        await using var session = _store.QuerySession(Tenant);
        var read = Assert.Single(await session.Events.FetchStreamAsync(stream));
        Assert.Equal("NoteAdded", read.EventTypeName);
        Assert.Equal(note, read.Data);
    }

    private async Task<Guid> StartAsync(object @event)
    {
        var stream = Guid.NewGuid();
        await using var session = _store.LightweightSession(Tenant);
        session.Events.StartStream(stream, @event);
        await session.SaveChangesAsync();
        return stream;
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        NpgsqlConnection.ClearAllPools();
        await _db.DisposeAsync();
    }
}
