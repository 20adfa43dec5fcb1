using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Chat;

public sealed class WaitingChatsFirstTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Offline_chats_waiting_for_an_answer_head_the_consoles_list_until_answered()
    {
        const string tenant = "personeria-itagui";
        var advisor = f.As(tenant, "advisor");
        var urgent = await advisor.CreateCase(tenant, Attention.AttentionApi.Competent("phone")); // Itagüí records the outcome
        await advisor.Command(urgent, "classify", new { type = "petition", priority = true }, tenant, expect: x => x.StatusCodeShouldBeSuccess());

        var offline = await f.StartChat(tenant); // nobody is present: the chat is offline and waits for an email answer
        Assert.Equal("offline", offline.Mode);
        await f.ProjectionsCaughtUpAsync();

        var first = await advisor.FirstListedCase(tenant);
        Assert.Equal(offline.CaseId, first.GetProperty("id").GetGuid());

        var specialist = f.As(tenant, "specialist");
        await specialist.Command(offline.CaseId, "classify", new { type = "orientation" }, tenant, expect: x => x.StatusCodeShouldBeSuccess());
        await specialist.Command(offline.CaseId, "respond", new { text = "Respuesta por correo.", channel = "email" }, tenant, expect: x => x.StatusCodeShouldBeSuccess());
        await f.ProjectionsCaughtUpAsync();
        var afterAnswer = await advisor.FirstListedCase(tenant);
        Assert.Equal(urgent, afterAnswer.GetProperty("id").GetGuid());
    }
}
