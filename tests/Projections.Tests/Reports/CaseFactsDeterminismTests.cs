using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Atencion.EventStore.Feed;
using Atencion.Projections.Contacts;
using Atencion.Projections.Daemon;
using Atencion.Projections.Reports;
using Npgsql;

namespace Atencion.Projections.Tests.Reports;

/// <summary>
/// The report projections are deterministic and idempotent: however the feed is cut into batches, and even when a batch is
/// applied twice, they yield exactly the same rows (what a rebuild, or a restart after a crash, relies on).
/// </summary>
public sealed class CaseFactsDeterminismTests(ProjectionFixture f) : IClassFixture<ProjectionFixture>
{
    private static readonly TenantId Tenant = new("personeria-floridablanca");

    private async Task SimulateAsync(int cases, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < cases; i++)
        {
            var id = Guid.NewGuid();
            var channel = (Channel)random.Next(5);
            var events = new List<object> { new CaseOpened(id, channel, "Asunto", "Texto", f.Time.GetUtcNow()) };
            if (channel == Channel.Chat) events.Add(new ChatStarted(random.Next(2) == 0 ? ChatMode.Live : ChatMode.Offline));
            if (random.Next(3) > 0) events.Add(new CitizenIdentified(new Citizen($"Ciudadano {i}", null, null, IdType.Cc, $"{1000 + i}")));
            await f.Store.AppendAsync(Tenant, id, EventCatalog.CaseStream, ExpectedVersion.NoStream, events, ProjectionFixture.Ana);
            var due = DateOnly.FromDateTime(f.Time.GetUtcNow().UtcDateTime).AddDays(20);
            var later = new List<object>();
            if (channel == Channel.Chat && random.Next(2) == 0) later.Add(new MessagePosted(Guid.NewGuid(), MessageSender.Advisor, "ana", "Hola"));
            later.Add(new CaseClassified((PqrsdType)random.Next(11), random.Next(2) == 0 ? "tema" : null, false, due.AddDays(-20), 15, due, "Ley 1755"));
            if (random.Next(3) == 0) later.Add(new CaseAssigned("beto", null, true));
            if (random.Next(5) == 0) later.Add(new DeadlineExtended("Motivo", due, due.AddDays(10)));
            switch (random.Next(5))
            {
                case 0: later.Add(new ResponseIssued("R", Channel.Email, random.Next(2) == 0, random.Next(30), random.Next(4) == 0)); break;
                case 1: later.AddRange([new CaseReferred("Otra entidad", "Competencia", due, random.Next(2) == 0), new CaseClosed(CloseReason.Referred, null)]); break;
                case 2: later.AddRange([new CaseClosed(CloseReason.Withdrawn, null), new CaseReopened("Error")]); break;
                case 3: later.Add(new DeadlineBreached(DeadlineKind.Response, due)); break;
            }
            if (channel == Channel.Chat && random.Next(2) == 0) later.Add(new ChatClosed(ChatCloseReason.Inactivity));
            var survey = Guid.NewGuid();
            if (random.Next(3) == 0)
                later.AddRange([new SurveyRequested(survey, channel, "beto", "h", f.Time.GetUtcNow()), new SurveyAnswered(survey, random.Next(1, 6), 4, 5, 3, random.Next(2) == 0, null)]);
            // Each event in its own append, at its own instant, so batches cut through cases.
            foreach (var e in later)
            {
                f.Time.Advance(TimeSpan.FromMinutes(random.Next(1, 600)));
                await f.Store.AppendAsync(Tenant, id, EventCatalog.CaseStream, ExpectedVersion.Any, [e], ProjectionFixture.Beto);
            }
        }
    }

    private async Task<string> BuildAsync(string schema, int batchSize, bool applyTwice)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        IAsyncProjection[] projections = [new CaseFactsProjection(f.Json), new ContactRegisterProjection(f.Json)];
        await using (var create = new NpgsqlCommand($"create schema {schema}; {string.Join("\n", projections.Select(p => p.CreateTablesSql(schema)))}", conn))
            await create.ExecuteNonQueryAsync();
        await foreach (var batch in f.FeedBatchesAsync(batchSize))
        {
            for (var pass = 0; pass < (applyTwice ? 2 : 1); pass++)
            {
                await using var tx = await conn.BeginTransactionAsync();
                foreach (var p in projections) await p.ApplyAsync(batch, new ProjectionWrite(conn, tx, schema), default);
                await tx.CommitAsync();
            }
        }
        await using var dump = new NpgsqlCommand($"""
            select string_agg(t::text, E'\n' order by t::text) from (
              select tenant_id, case_id, version, received_at, updated_at, type, facts from {schema}.case_facts
              union all select tenant_id, case_id, version, contact_at, contact_at, outcome, facts from {schema}.contacts) t
            """, conn);
        return (string)(await dump.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Any_batching_and_applying_a_batch_twice_yield_the_same_rows()
    {
        await SimulateAsync(cases: 150, seed: 20260302);

        var oneByOne = await BuildAsync("det_one", batchSize: 1, applyTwice: false);
        var whole = await BuildAsync("det_whole", batchSize: 100_000, applyTwice: false);
        var twice = await BuildAsync("det_twice", batchSize: 37, applyTwice: true);

        Assert.Equal(whole, oneByOne);
        Assert.Equal(whole, twice);
        Assert.Equal(300, whole.Split('\n').Length);
    }
}
