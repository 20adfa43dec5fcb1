using Atencion.EventStore.Marten.Store;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections;
using Microsoft.Extensions.Time.Testing;

namespace Atencion.CaseService.Tests.Simulation;

/// <summary>What a simulation appended.</summary>
/// <param name="Events">Events appended.</param>
/// <param name="Cases">Case streams written.</param>
/// <param name="Transactions">Store transactions committed.</param>
/// <param name="Turns">Kiosk turn streams written.</param>
public sealed record SimulationResult(long Events, int Cases, int Transactions, int Turns = 0);

/// <summary>
/// A seeded random simulation of the five demo entities' citizen attention: cases on every channel, chats live and
/// offline, identifications, classifications with terms, radicados, assignments, notes, referrals, extensions, answers on
/// time and late, closes, reopenings, satisfaction surveys, and kiosk turns (served, no-shows, left at the end of the day) —
/// appended straight through the event store (no HTTP).
/// </summary>
/// <remarks>
/// The same seed always yields the same events in the same order, so a failing run can be replayed. Cases progress
/// interleaved: each store transaction advances a random handful of open cases by a few events, as a busy day would.
/// The store given should have no inline projections (the fast path); what the async projections read is the log alone.
/// </remarks>
public static class CaseSimulation
{
    /// <summary>The demo entities' tenants.</summary>
    public static readonly string[] Tenants = ["personeria-floridablanca", "alcaldia-tenjo", "personeria-itagui", "alcaldia-valledupar", "camara-facatativa"];

    private static readonly string[] Topics = ["asesoria-juridica", "vigilancia-administrativa", "familia", "laboral", "rues", "proponentes", "servicios-publicos", "salud"];
    private static readonly string[] Names = ["Luz Marina Rueda", "Jorge Pabón", "María Fernanda Gómez", "Carlos Andrés Pérez", "Elena Suárez", "Fabio Castro", "Ana Lucía Torres", "Pedro Nel Ospina", "Sofía Vargas", "José Ñáñez"];
    private static readonly string[] Staff = ["ana", "pedro", "sofia", "tecnico-1", "tecnico-2", "abogada-1"];
    private static readonly string[] Services = ["registro", "orientacion", "juridica", "pagos"];

    /// <summary>
    /// A data source for the simulation's appends: the service role without waiting for each commit to reach the disk
    /// (synchronous_commit off: on a throwaway test database it only trades durability on a crash for speed).
    /// </summary>
    public static Npgsql.NpgsqlDataSource FastDataSource(string appConnectionString) => EventStoreDataSource.Create(
        new Npgsql.NpgsqlConnectionStringBuilder(appConnectionString) { Options = "-c synchronous_commit=off", ApplicationName = "simulation" }.ConnectionString);

    /// <summary>A store on the given data source with the same types and chain key as <paramref name="like"/>, no inline projections, and its own clock.</summary>
    public static MartenEventStore FastStore(Npgsql.NpgsqlDataSource dataSource, MartenEventStore like, TimeProvider time) => like.On(dataSource, time);

    /// <summary>Appends at least <paramref name="minEvents"/> events; every case begins with <see cref="CaseOpened"/>.</summary>
    public static async Task<SimulationResult> RunAsync(MartenEventStore store, FakeTimeProvider time, int seed, int minEvents, CancellationToken ct = default)
    {
        var random = new Random(seed);
        var open = new List<SimulatedCase>();
        var consecutive = Tenants.ToDictionary(t => t, _ => 0);
        var turnNumbers = new Dictionary<(string, string, DateOnly), int>();
        long events = 0;
        var (cases, transactions, turns) = (0, 0, 0);
        while (events < minEvents || open.Count > 0)
        {
            // New cases keep arriving until enough events are scripted; then the open ones run to their end.
            if (events < minEvents)
                for (var i = random.Next(15, 40); i > 0; i--)
                {
                    var tenant = Tenants[random.Next(Tenants.Length)];
                    var id = Id(random);
                    open.Add(new SimulatedCase(tenant, id, Script(random, id, time.GetUtcNow(), () => ++consecutive[tenant])));
                    cases++;
                }
            if (events < minEvents)
                for (var i = random.Next(0, 8); i > 0; i--)
                {
                    var tenant = Tenants[random.Next(Tenants.Length)];
                    var id = Id(random);
                    open.Add(new SimulatedCase(tenant, id, TurnScript(random, id, time.GetUtcNow(), tenant, turnNumbers), EventCatalog.TurnStream));
                    turns++;
                }
            var step = open.OrderBy(_ => random.Next()).Take(random.Next(40, 120)).ToList();
            var appended = await store.InTransactionAsync(async (tx, c) =>
            {
                var n = 0;
                foreach (var (tenant, id, script, streamType) in step.Select(x => (x.Tenant, x.Id, x.Script, x.StreamType)))
                {
                    var take = Math.Min(script.Count, random.Next(2, 9));
                    var batch = Enumerable.Range(0, take).Select(_ => script.Dequeue()).ToList();
                    var user = batch[0].User;
                    var metadata = new EventMetadata(user, user == "citizen" ? "citizen" : "advisor", null, "simulation", Id(random));
                    var simulated = step.First(x => x.Id == id);
                    var expected = simulated.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(simulated.Version);
                    simulated.Version = (await tx.AppendAsync(new TenantId(tenant), id, streamType, expected, batch.Select(b => b.Event).ToList(), metadata, c)).Version;
                    n += take;
                }
                return n;
            }, ct);
            open.RemoveAll(c => c.Script.Count == 0);
            events += appended;
            transactions++;
            time.Advance(TimeSpan.FromMinutes(random.Next(1, 40)));
        }
        return new SimulationResult(events, cases, transactions, turns);
    }

    private static Queue<(object, string)> Script(Random random, Guid id, DateTimeOffset now, Func<int> nextConsecutive)
    {
        var s = new Queue<(object, string)>();
        var channel = (Channel)random.Next(5);
        var name = Names[random.Next(Names.Length)];
        var staff = Staff[random.Next(Staff.Length)];
        s.Enqueue((new CaseOpened(id, channel, $"Solicitud de {name}", "Solicito información sobre mi trámite.", now.AddMinutes(-random.Next(0, 600))), "citizen"));
        if (channel == Channel.Chat)
        {
            var live = random.Next(3) > 0;
            s.Enqueue((new ChatStarted(live ? ChatMode.Live : ChatMode.Offline), "citizen"));
            for (var i = random.Next(1, 8); i > 0; i--)
                s.Enqueue((new MessagePosted(Id(random), i % 2 == 0 ? MessageSender.Advisor : MessageSender.Citizen, i % 2 == 0 ? staff : name,
                    i % 2 == 0 ? "Con gusto le ayudo." : "¿Cuál es el horario?"), i % 2 == 0 ? staff : "citizen"));
            if (live) s.Enqueue((new ChatClosed((ChatCloseReason)random.Next(4)), "system"));
        }
        if (random.Next(10) > 0)
            s.Enqueue((new CitizenIdentified(new Citizen(name, $"c{random.Next(100000)}@example.com", null, IdType.Cc, random.Next(10_000_000, 99_999_999).ToString())), "citizen"));
        var types = Enum.GetValues<PqrsdType>();
        var type = types[random.Next(types.Length)];
        var receipt = DateOnly.FromDateTime(now.UtcDateTime);
        var term = random.Next(3) switch { 0 => 10, 1 => 15, _ => 30 };
        var due = receipt.AddDays(term * 7 / 5);
        if (random.Next(8) > 0)
        {
            s.Enqueue((new CaseClassified(type, Topics[random.Next(Topics.Length)], random.Next(15) == 0, receipt, term, due, "Ley 1755 de 2015"), staff));
            var consecutive = nextConsecutive();
            s.Enqueue((new CaseFiled($"{receipt.Year}-{consecutive:000000}", receipt.Year, consecutive, Convert.ToHexString(Id(random).ToByteArray())), staff));
        }
        if (random.Next(4) > 0) s.Enqueue((new CaseAssigned(Staff[random.Next(Staff.Length)], random.Next(2) == 0 ? "lawyer" : null, random.Next(2) == 0), "system"));
        for (var i = random.Next(0, 4); i > 0; i--) s.Enqueue((new NoteAdded(Id(random), "Se llamó al ciudadano."), staff));
        switch (random.Next(12))
        {
            case 0:
                s.Enqueue((new CaseReferred("Superintendencia de Servicios Públicos", "Es de su competencia.", receipt.AddDays(7), random.Next(5) == 0), staff));
                s.Enqueue((new CaseClosed(CloseReason.Referred, null), staff));
                return s;
            case 1:
                s.Enqueue((new DeadlineExtended("Se requiere concepto técnico.", due, due.AddDays(term)), staff));
                break;
            case 2:
                return s; // still open at the end of the simulation
        }
        if (random.Next(6) > 0)
        {
            var days = random.Next(1, term + 6);
            s.Enqueue((new ResponseIssued("Respuesta de fondo.", random.Next(2) == 0 ? Channel.Email : channel, days <= term, days), staff));
        }
        if (random.Next(5) > 0) s.Enqueue((new CaseClosed((CloseReason)random.Next(7), null), staff));
        if (random.Next(20) == 0) s.Enqueue((new CaseReopened("El ciudadano aporta información nueva."), staff));
        if (random.Next(3) > 0)
        {
            var survey = Id(random);
            s.Enqueue((new SurveyRequested(survey, channel, staff, Convert.ToHexString(survey.ToByteArray()), now.AddDays(30)), "system"));
            if (random.Next(5) > 1)
                s.Enqueue((new SurveyAnswered(survey, random.Next(1, 6), random.Next(1, 6), random.Next(1, 6), random.Next(1, 6), random.Next(3) > 0,
                    random.Next(4) == 0 ? "Muy buena atención." : null), "citizen"));
        }
        return s;
    }

    /// <summary>A kiosk turn: issued, then called and served, called and not come (no-show), or left uncalled at the end of the day.</summary>
    private static Queue<(object, string)> TurnScript(Random random, Guid id, DateTimeOffset now, string tenant, Dictionary<(string, string, DateOnly), int> numbers)
    {
        var s = new Queue<(object, string)>();
        var service = Services[random.Next(Services.Length)];
        var day = DateOnly.FromDateTime(now.AddHours(-5).UtcDateTime);
        var number = numbers[(tenant, service, day)] = numbers.GetValueOrDefault((tenant, service, day)) + 1;
        var label = Turn.LabelOf(service[..1].ToUpperInvariant(), number);
        s.Enqueue((new TurnIssued(id, service, label, number, day), "kiosk"));
        var ending = random.Next(10);
        if (ending == 0)
        {
            s.Enqueue((new TurnExpired(service, TurnExpiryReason.EndOfDay), "system"));
            return s;
        }
        var staff = Staff[random.Next(Staff.Length)];
        var waited = random.Next(0, 3600);
        s.Enqueue((new TurnCalled(service, label, $"Módulo {random.Next(1, 6)}", waited), staff));
        s.Enqueue(ending == 1
            ? (new TurnExpired(service, TurnExpiryReason.NoShow), "system")
            : (new TurnServed(service, Id(random), waited, random.Next(60, 2400)), staff));
        return s;
    }

    private sealed class SimulatedCase(string tenant, Guid id, Queue<(object Event, string User)> script, string streamType = EventCatalog.CaseStream)
    {
        public string StreamType { get; } = streamType;
        public string Tenant { get; } = tenant;
        public Guid Id { get; } = id;
        public Queue<(object Event, string User)> Script { get; } = script;
        public long Version { get; set; }
    }

    private static Guid Id(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
