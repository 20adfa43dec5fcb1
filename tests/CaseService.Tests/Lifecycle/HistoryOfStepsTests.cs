using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Lifecycle;

public sealed class HistoryOfStepsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task The_history_shows_who_did_each_step_of_the_lifecycle()
    {
        var received = f.NextBusinessMorning();
        var ana = f.As(Api.Flori, "advisor", "ana");
        var pedro = f.As(Api.Flori, "specialist", "pedro");
        var sara = f.As(Api.Flori, "supervisor", "sara");
        var id = await ana.Open();
        var filed = await pedro.Do(id, "classify", new { type = "petition", topic = "asesoria-juridica" });
        await f.RegisterStaff(Api.Flori, "pedro");
        await sara.Do(id, "assign", new { assignee = "pedro" });
        var extendedTo = Lifecycle.Calendar.AddBusinessDays(received, 20);
        await pedro.Do(id, "extend", new { reason = "Concepto técnico", newDueDate = extendedTo });
        await ana.Do(id, "request-completion", new { missing = "Copia de la cédula" });
        f.NextBusinessMorning();
        await ana.Do(id, "completed", new { });
        await pedro.Do(id, "respond", new { text = "Respuesta de fondo", channel = "email" });
        await ana.Do(id, "close", new { reason = "answered" });
        await sara.Do(id, "reopen", new { reason = "Aclaración pedida por el ciudadano" });

        var history = await f.As(Api.Flori, "auditor", "contraloria").History(id);

        // A phone case closed as answered falls in the survey sample or not by its id (docs/channels.md): left out here.
        var steps = history.GetProperty("events").EnumerateArray()
            .Where(e => e.Str("type") != "SurveyRequested" && !(e.Str("type") == "EmailQueued" && e.GetProperty("data").Str("kind") == "survey"))
            .Select(e => (Type: e.Str("type"), User: e.GetProperty("metadata").Str("userId"), Role: e.GetProperty("metadata").Str("role")))
            .ToList();
        Assert.Equal(
        [
            ("CaseOpened", "ana", "advisor"),
            ("CitizenIdentified", "ana", "advisor"),
            ("CaseClassified", "pedro", "specialist"),
            ("CaseFiled", "pedro", "specialist"),
            ("CaseAssigned", "sara", "supervisor"),
            ("DeadlineExtended", "pedro", "specialist"),
            ("CompletionRequested", "ana", "advisor"),
            ("CompletionReceived", "ana", "advisor"),
            ("ResponseIssued", "pedro", "specialist"),
            ("EmailQueued", "pedro", "specialist"), // the answer by email, queued with it (docs/email.md)
            ("CaseClosed", "ana", "advisor"),
            ("CaseReopened", "sara", "supervisor"),
        ], steps);
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(filed.Str("radicado"), events[3].GetProperty("data").Str("radicado"));
        Assert.Equal(extendedTo, events[5].GetProperty("data").Date("newDueDate"));
        Assert.All(events.Skip(2), e => Assert.Equal("console", e.GetProperty("metadata").Str("channel")));
        // The tracking code is never stored, only its hash.
        Assert.DoesNotContain(filed.Str("trackingCode")!, history.ToString());
        Assert.Equal("answered", (await ana.View(id)).Str("status"));
    }
}
