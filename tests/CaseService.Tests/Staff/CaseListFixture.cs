using Atencion.CaseService.Tests.Public;

namespace Atencion.CaseService.Tests.Staff;

/// <summary>
/// The service with six Floridablanca cases (and one of Tenjo) made through the API on Monday 2 March 2026,
/// one second apart, for the console's list to filter, sort and page.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item>Luz: web petition, due 24 March, not assigned.</item>
/// <item>Carlos: phone information request on asesoria-juridica, due 16 March.</item>
/// <item>Maria: email consultation with priority on vigilancia-administrativa, due 16 April.</item>
/// <item>Jorge: in-person letter received Thursday 26 February, not classified (open, no radicado): the general term's
/// provisional due date, 19 March.</item>
/// <item>Elena: web complaint assigned to sofia and answered, due 24 March.</item>
/// <item>Fabio: phone petition on asesoria-juridica assigned to sofia, due 24 March.</item>
/// </list>
/// </remarks>
public sealed class CaseListFixture : ServiceFixture
{
    public const string Tenant = Api.Flori;

    public IReadOnlyDictionary<string, Guid> Cases { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Radicados { get; private set; } = null!;
    public Guid TenjoCase { get; private set; }

    /// <summary>The key of a seeded case: the citizen's first name without accents.</summary>
    private static string Key(string name) => name.Split(' ')[0].Replace("í", "i");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var advisor = As(Tenant, "advisor", "operadora");
        var cases = new Dictionary<string, Guid>();
        var radicados = new Dictionary<string, string>();

        async Task<Guid> Web(string name, string type, string idNumber)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            var filed = await Anonymous().FilePqrsd(Tenant, new
            {
                type, dataProcessingConsent = true,
                citizen = new { name, email = "ciudadano@example.com", idType = "cc", idNumber },
                subject = $"Solicitud de {name}", text = "Texto de la solicitud.",
            });
            radicados[Key(name)] = filed.Radicado;
            return cases[Key(name)] = filed.CaseId;
        }

        async Task<Guid> Contact(string name, string channel, string? idNumber, DateTimeOffset? receivedAt = null)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            return cases[Key(name)] = await advisor.CreateCase(Tenant, new
            {
                channel, receivedAt,
                citizen = new { name, idType = idNumber is null ? null : "cc", idNumber },
                subject = $"Solicitud de {name}", text = "Texto de la solicitud.",
            });
        }

        async Task Classify(string key, string type, string? topic, bool priority = false) =>
            radicados[key] = (await advisor.Command(Tenant, cases[key], "classify", new { type, topic, priority })).GetProperty("radicado").GetString()!;

        await Web("Luz Marina Rueda", "petition", "63123456");
        await Contact("Carlos Andrés Pérez", "phone", "91234567");
        await Classify("Carlos", "information-request", "asesoria-juridica");
        await Contact("María Fernanda Gómez", "email", "37555111");
        await Classify("Maria", "consultation", "vigilancia-administrativa", priority: true);
        await Contact("Jorge Ruiz", "in-person", null, new DateTimeOffset(2026, 2, 26, 15, 0, 0, TimeSpan.Zero));
        var elena = await Web("Elena Suárez", "complaint", "52000111");
        await this.RegisterStaff(Tenant, "sofia");
        await advisor.Command(Tenant, elena, "assign", new { assignee = "sofia" });
        await this.GivenAnswered(Tenant, elena, "Respuesta a la queja.");
        await Contact("Fabio Castro", "phone", "1098765432");
        await Classify("Fabio", "petition", "asesoria-juridica");
        await advisor.Command(Tenant, cases["Fabio"], "assign", new { assignee = "sofia" });

        TenjoCase = (await Anonymous().FilePqrsd(Api.Tenjo, PublicApi.Form(name: "Luz Marina Rueda"))).CaseId;
        Cases = cases;
        Radicados = radicados;
        await ProjectionsCaughtUpAsync(); // the list reads the async case_search projection
    }
}
