using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Attention;

/// <summary>Phone and in-person contacts: the Itagüí citizen data when the matter is the entity's competence, an orientation when not.</summary>
public sealed class AttentionCaseTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Itagui = AttentionApi.Itagui;

    private static object Competent(string channel = "in-person") => AttentionApi.Competent(channel);

    [Fact]
    public async Task A_competent_in_person_attention_records_the_citizen_data_the_procedure_asks_for()
    {
        var advisor = f.As(Itagui, "advisor", "abogada");
        var id = await advisor.CreateCase(Itagui, Competent());

        var view = await advisor.View(id, Itagui);
        Assert.Equal("in-person", view.GetProperty("channel").GetString());
        Assert.Equal("open", view.GetProperty("status").GetString());
        var citizen = view.GetProperty("citizen");
        Assert.Equal("cc", citizen.GetProperty("idType").GetString());
        Assert.Equal("43123456", citizen.GetProperty("idNumber").GetString());
        Assert.Equal("Calle 50 # 45-20", citizen.GetProperty("address").GetString());
        Assert.Equal("Itagüí", citizen.GetProperty("municipality").GetString());
        Assert.Equal("Santa María", citizen.GetProperty("neighbourhood").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("orientation").ValueKind);
    }

    [Fact]
    public async Task A_matter_of_another_entity_records_the_orientation_and_ends_the_attention()
    {
        var advisor = f.As(Itagui, "advisor", "abogada");
        var id = await advisor.CreateCase(Itagui, new
        {
            channel = "phone",
            competent = false,
            orientation = new { entity = "  Comisaría de Familia de Itagüí ", note = "Debe acudir con su cédula." },
            subject = "Custodia",
            text = "Pregunta por la custodia de su hijo.",
        });

        var view = await advisor.View(id, Itagui);
        Assert.Equal("Comisaría de Familia de Itagüí", view.GetProperty("orientation").GetProperty("entity").GetString());
        Assert.Equal("Debe acudir con su cédula.", view.GetProperty("orientation").GetProperty("note").GetString());
        Assert.Equal("closed", view.GetProperty("status").GetString());
        Assert.Equal("answered", view.GetProperty("closeReason").GetString());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"channel":"in-person","competent":true,"subject":"a","text":"b"}""", "citizen.idNumber" },
        { """{"channel":"in-person","competent":true,"subject":"a","text":"b","citizen":{"idType":"cc","idNumber":"1","name":"Ana","address":"Cra 1","municipality":"Itagüí"}}""", "citizen.neighbourhood" },
        { """{"channel":"in-person","competent":true,"subject":"a","text":"b","citizen":{"idNumber":"1","name":"Ana","address":"Cra 1","municipality":"Itagüí","neighbourhood":"Centro"}}""", "citizen.idType" },
        { """{"channel":"in-person","competent":true,"subject":"a","text":"b","citizen":{"idType":"cc","idNumber":"1","name":"   ","address":"Cra 1","municipality":"Itagüí","neighbourhood":"Centro"}}""", "citizen.name" },
        { """{"channel":"phone","competent":false,"subject":"a","text":"b"}""", "orientation.entity" },
        { """{"channel":"phone","competent":false,"subject":"a","text":"b","orientation":{"entity":" "}}""", "orientation.entity" },
        { """{"channel":"phone","orientation":{"entity":"Fiscalía"},"subject":"a","text":"b"}""", "competent" },
        { """{"channel":"web","competent":false,"orientation":{"entity":"Fiscalía"},"subject":"a","text":"b"}""", "competent" },
        { $$"""{"channel":"phone","competent":false,"orientation":{"entity":"{{new string('x', 201)}}"},"subject":"a","text":"b"}""", "orientation.entity" },
        { $$"""{"channel":"phone","competent":false,"orientation":{"entity":"Fiscalía","note":"{{new string('x', 2001)}}"},"subject":"a","text":"b"}""", "orientation.note" },
        { """{"channel":"phone","competent":"yes","subject":"a","text":"b"}""", "competent" },
        { """{"channel":"phone","competent":false,"orientation":{"entity":"Fiscalía"},"text":"b"}""", "subject" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_attention_input_is_a_400_problem_naming_the_field_and_appends_nothing(string json, string field)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.As(Itagui, "advisor").RecordRaw(Itagui, json, x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field} in {problem}");
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task All_missing_citizen_fields_are_reported_at_once()
    {
        var response = await f.As(Itagui, "advisor").Record(Itagui, new { channel = "in-person", competent = true, subject = "a", text = "b" },
            x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        var errors = response.Json().GetProperty("errors");
        foreach (var field in new[] { "citizen.idType", "citizen.idNumber", "citizen.name", "citizen.address", "citizen.municipality", "citizen.neighbourhood" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("in-person")]
    public async Task Where_the_entity_requires_it_a_contact_without_its_outcome_is_a_400_and_appends_nothing(string channel)
    {
        var before = await f.Db.CountEventsAsync();
        var problem = (await f.As(Itagui, "advisor").Record(Itagui,
            new { channel, citizen = new { name = "Ana" }, subject = "Consulta", text = "Pregunta por su proceso." },
            x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        Assert.Contains("is required at this entity", problem.GetProperty("errors").GetProperty("competent")[0].GetString());
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task The_requirement_is_the_entitys_and_binds_only_phone_and_in_person()
    {
        Assert.True((await f.EntitySettings(Itagui)).GetProperty("requireAttentionOutcome").GetBoolean());
        Assert.False((await f.EntitySettings(Api.Flori)).GetProperty("requireAttentionOutcome").GetBoolean());
        await f.As(Api.Flori, "advisor").Record(Api.Flori, new { channel = "phone", subject = "Consulta", text = "Pregunta por su proceso." },
            x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        // A contact arriving by email (registered by staff) is not a phone or desk attention: no outcome asked.
        await f.As(Itagui, "advisor").Record(Itagui, new { channel = "email", subject = "Correo", text = "Reenviado por la ventanilla." },
            x => x.StatusCodeShouldBe(HttpStatusCode.Created));
    }
}
