using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
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

    /// <summary>Appends the cases; returns how many later contacts (emails threaded into a case after its opening) they have.</summary>
    private async Task<int> SimulateAsync(int cases, int seed)
    {
        var random = new Random(seed);
        var replies = 0;
        EmailReceived Email() => new($"{Guid.NewGuid()}@example.org", "c@example.org", null, ["pqrsd@example.gov.co"], "Re", "Texto", null, null, []);
        for (var i = 0; i < cases; i++)
        {
            var id = Guid.NewGuid();
            var channel = (Channel)random.Next(5);
            var events = new List<object> { new CaseOpened(id, channel, "Asunto", "Texto", f.Time.GetUtcNow()) };
            if (channel == Channel.Chat) events.Add(new ChatStarted(random.Next(2) == 0 ? ChatMode.Live : ChatMode.Offline));
            if (random.Next(3) > 0) events.Add(new CitizenIdentified(new Citizen($"Ciudadano {i}", null, null, IdType.Cc, $"{1000 + i}")));
            if (channel == Channel.Email) events.Add(Email()); // the email that opened the case: not a later contact
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
            for (var n = random.Next(4) == 0 ? random.Next(1, 4) : 0; n > 0; n--, replies++) later.Insert(random.Next(later.Count + 1), Email());
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
        return replies;
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
              select 'f', tenant_id, case_id, version, received_at, updated_at, type, facts from {schema}.case_facts
              union all select 'c', tenant_id, case_id, version, null, null, null, facts from {schema}.contact_cases
              union all select 'r', tenant_id, case_id, contact_no, contact_at, null, concat_ws('|', kind, channel, citizen_name, citizen_id,
                  type, topic, radicado, attended_by, outcome), null from {schema}.contacts) t
            """, conn);
        return (string)(await dump.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Any_batching_and_applying_a_batch_twice_yield_the_same_rows()
    {
        var replies = await SimulateAsync(cases: 150, seed: 20260302);
        Assert.InRange(replies, 10, 150);

        var oneByOne = await BuildAsync("det_one", batchSize: 1, applyTwice: false);
        var whole = await BuildAsync("det_whole", batchSize: 100_000, applyTwice: false);
        var twice = await BuildAsync("det_twice", batchSize: 37, applyTwice: true);

        Assert.Equal(whole, oneByOne);
        Assert.Equal(whole, twice);
        // Per case a case_facts and a contact_cases row, and a contact row for its opening; one more per later email.
        Assert.Equal(3 * 150 + replies, whole.Split('\n').Length);
        Assert.Equal(150 + replies, whole.Split('\n').Count(l => l.StartsWith("(r,")));
        Assert.Equal(replies, whole.Split('\n').Count(l => l.Contains("email-reply|")));
    }
}
