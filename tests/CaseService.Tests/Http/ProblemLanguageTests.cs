using System.Net;
using System.Text.Json;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Turns;

namespace Atencion.CaseService.Tests.Http;

/// <summary>Citizen routes answer problems in Spanish unless Accept-Language asks for English; staff routes the other way round.</summary>
public sealed class ProblemLanguageTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static readonly Guid Unknown = Guid.Parse("0193a5c0-0000-7000-8000-000000000001");

    /// <summary>Sends the request as nobody asking for <paramref name="language"/> (none when null) and checks the problem's language and texts.</summary>
    private async Task<JsonElement> Problem(HttpStatusCode status, string? language, Action<Scenario> send,
        string expectedLanguage, string title, string detail)
    {
        var response = await f.Anonymous(language).Scenario(x =>
        {
            send(x);
            x.ProblemShouldBe(status);
        });
        var problem = response.Json();
        Assert.Equal(expectedLanguage, Assert.Single(response.Context.Response.Headers.ContentLanguage));
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        return problem;
    }

    [Fact]
    public async Task The_web_form_refuses_in_Spanish_by_default_and_in_English_when_asked()
    {
        var form = new { citizen = new { name = "Luz Marina Rueda", email = "luz@example.com" }, subject = "Horarios", text = "¿Cuál es el horario?", dataProcessingConsent = true };
        void File(Scenario x) => x.Post.Json(form).ToUrl($"/api/{Api.Flori}/pqrsd");

        var es = await Problem(HttpStatusCode.BadRequest, null, File, "es", "La solicitud no es válida.", "La solicitud no es válida: type: es obligatorio.");
        Assert.Equal("es obligatorio.", es.GetProperty("errors").GetProperty("type")[0].GetString());
        var en = await Problem(HttpStatusCode.BadRequest, "en", File, "en", "The request is not valid.", "The request is not valid: type: is required.");
        Assert.Equal("is required.", en.GetProperty("errors").GetProperty("type")[0].GetString());
    }

    [Fact]
    public async Task The_status_page_refuses_in_Spanish_by_default_and_in_English_when_asked()
    {
        void Look(Scenario x) => x.Get.Url($"/api/{Api.Flori}/pqrsd/2026-999999?code=NOPE");

        await Problem(HttpStatusCode.NotFound, null, Look, "es", "No encontrado.", "No hay ninguna PQRSD con ese radicado y ese código de seguimiento.");
        await Problem(HttpStatusCode.NotFound, "en-US,en;q=0.9", Look, "en", "Not found.", "There is no PQRSD with that radicado and tracking code.");
    }

    [Fact]
    public async Task The_chat_refuses_in_Spanish_by_default_and_in_English_when_asked()
    {
        void Start(Scenario x) => x.Post.Json(
            new { name = "Luz Marina Rueda", email = "luz@@example", question = "¿Cómo presento una queja?", dataProcessingConsent = true }).ToUrl($"/api/{Api.Flori}/chats");

        var es = await Problem(HttpStatusCode.BadRequest, null, Start, "es", "La solicitud no es válida.",
            "La solicitud no es válida: email: 'luz@@example' no es una dirección de correo electrónico válida.");
        Assert.Equal("'luz@@example' no es una dirección de correo electrónico válida.", es.GetProperty("errors").GetProperty("email")[0].GetString());
        await Problem(HttpStatusCode.BadRequest, "en", Start, "en", "The request is not valid.",
            "The request is not valid: email: 'luz@@example' is not a valid email address.");

        // The citizen's own chat routes, and their 401, too.
        void Read(Scenario x) => x.Get.Url($"/api/{Api.Flori}/chats/{Unknown}/messages");
        await Problem(HttpStatusCode.Unauthorized, null, Read, "es", "Se requiere autenticación.",
            "Envíe un token válido (Authorization: Bearer <JWT>) emitido para esta entidad.");
        await Problem(HttpStatusCode.Unauthorized, "en", Read, "en", "Authentication required.",
            "Send a valid bearer token (Authorization: Bearer <JWT>) issued for this entity.");
    }

    [Fact]
    public async Task On_a_chat_route_the_citizen_reads_Spanish_and_staff_English()
    {
        var chat = await f.StartChat(Api.Flori);
        var citizen = f.Bearer(chat.Token, acceptLanguage: null);

        var mine = (await citizen.Say(Api.Flori, chat.CaseId, " ", expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();
        var staff = (await f.As(Api.Flori, "advisor").Say(Api.Flori, chat.CaseId, " ", expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest))).Json();

        Assert.Equal("La solicitud no es válida: text: es obligatorio.", mine.GetProperty("detail").GetString());
        Assert.Equal("The request is not valid: text: is required.", staff.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Surveys_refuse_in_Spanish_by_default_and_in_English_when_asked()
    {
        void Read(Scenario x) => x.Get.Url($"/api/{Api.Tenjo}/surveys/no-such-token");

        await Problem(HttpStatusCode.NotFound, null, Read, "es", "No encontrado.", "No existe esa encuesta.");
        await Problem(HttpStatusCode.NotFound, "en", Read, "en", "Not found.", "There is no such survey.");
    }

    [Fact]
    public async Task Turns_refuse_in_Spanish_by_default_and_in_English_when_asked()
    {
        void Follow(Scenario x) => x.Get.Url($"/api/{TurnApi.Faca}/turns/{Unknown}");

        await Problem(HttpStatusCode.NotFound, null, Follow, "es", "No encontrado.", $"No existe el turno {Unknown}.");
        await Problem(HttpStatusCode.NotFound, "en", Follow, "en", "Not found.", $"There is no turn {Unknown}.");
    }

    [Fact]
    public async Task An_unknown_entity_on_a_citizen_route_is_refused_in_Spanish()
    {
        void File(Scenario x) => x.Post.Json(Public.PublicApi.Form()).ToUrl("/api/no-such-entity/pqrsd");

        await Problem(HttpStatusCode.NotFound, null, File, "es", "No encontrado.", "No existe la entidad 'no-such-entity' para quien consulta.");
    }

    [Fact]
    public async Task Staff_routes_answer_in_English_unless_Spanish_is_asked_for()
    {
        var advisor = f.As(Api.Flori, "advisor");
        // The advisor asks for the language given, or for none.
        Task<IScenarioResult> Open(string? language) => advisor.Speaking(language).Scenario(x =>
        {
            x.Post.Json(Api.NewCase(subject: "")).ToUrl($"/api/{Api.Flori}/cases");
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
        });

        var en = await Open(null);
        var english = en.Json();
        Assert.Equal("en", Assert.Single(en.Context.Response.Headers.ContentLanguage));
        Assert.Equal("The request is not valid: subject: is required.", english.GetProperty("detail").GetString());

        var es = await Open("es-CO");
        var spanish = es.Json();
        Assert.Equal("es", Assert.Single(es.Context.Response.Headers.ContentLanguage));
        Assert.Equal("La solicitud no es válida.", spanish.GetProperty("title").GetString());
        Assert.Equal("La solicitud no es válida: subject: es obligatorio.", spanish.GetProperty("detail").GetString());
        Assert.True(spanish.GetProperty("errors").TryGetProperty("subject", out _), "the errors keys stay JSON paths");
    }

    [Fact]
    public async Task The_preferred_language_is_the_one_of_highest_quality()
    {
        void Look(Scenario x) => x.Get.Url($"/api/{Api.Flori}/pqrsd/2026-999999?code=NOPE");

        await Problem(HttpStatusCode.NotFound, "es;q=0.4, en;q=0.8", Look, "en", "Not found.", "There is no PQRSD with that radicado and tracking code.");
        await Problem(HttpStatusCode.NotFound, "fr, en;q=0.1, es;q=0.5", Look, "es", "No encontrado.", "No hay ninguna PQRSD con ese radicado y ese código de seguimiento.");
        await Problem(HttpStatusCode.NotFound, "fr", Look, "es", "No encontrado.", "No hay ninguna PQRSD con ese radicado y ese código de seguimiento.");
    }
}
