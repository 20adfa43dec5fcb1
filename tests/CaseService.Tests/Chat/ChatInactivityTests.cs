using System.Net;
using Atencion.CaseService.Chat;
using Atencion.CaseService.Tests.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Chat;

/// <summary>Tenjo's protocol: after 60 s of the citizen's silence "¿Se encuentra en línea?", once; after 120 s the chat closes.</summary>
public sealed class ChatInactivityTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string IdlePrompt = "¿Se encuentra en línea? Por favor confírmenos para poder atender su consulta.";

    private Task<int> Run(Guid caseId) => f.Host.Services.GetRequiredService<ChatInactivityRunner>().RunAsync(Api.Tenjo, caseId);

    [Fact]
    public async Task Silence_brings_the_idle_prompt_once_then_closes_the_chat_and_the_case_waits_for_an_email_answer()
    {
        var chat = await f.GivenLiveChat(Api.Tenjo, "asesor");
        var citizen = f.Citizen(chat.Token);

        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await Run(chat.CaseId));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Run(chat.CaseId));
        Assert.Equal(0, await Run(chat.CaseId));
        Assert.Equal(IdlePrompt, (await citizen.ReadChat(Api.Tenjo, chat.CaseId)).Texts()[^1]);

        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await Run(chat.CaseId));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Run(chat.CaseId));

        var read = await citizen.ReadChat(Api.Tenjo, chat.CaseId);
        Assert.Equal("closed", read.GetProperty("status").GetString());
        Assert.Equal("inactivity", read.GetProperty("closedReason").GetString());
        Assert.Single(read.Texts(), t => t == IdlePrompt);
        var view = await f.As(Api.Tenjo, "supervisor", "jefa").CaseView(Api.Tenjo, chat.CaseId);
        Assert.Equal("open", view.GetProperty("status").GetString());
        await citizen.Say(Api.Tenjo, chat.CaseId, "Sí, aquí estoy", expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Equal(0, await Run(chat.CaseId));
    }

    [Fact]
    public async Task A_citizen_who_answers_starts_a_new_silence()
    {
        var chat = await f.GivenLiveChat(Api.Tenjo, "asesor");
        var citizen = f.Citizen(chat.Token);
        f.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await Run(chat.CaseId));
        f.Time.Advance(TimeSpan.FromSeconds(30));
        await citizen.Say(Api.Tenjo, chat.CaseId, "Sí, aquí estoy", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await Run(chat.CaseId));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Run(chat.CaseId));
        var read = await citizen.ReadChat(Api.Tenjo, chat.CaseId);
        Assert.Equal("live", read.GetProperty("status").GetString());
        Assert.Equal(2, read.Texts().Count(t => t == IdlePrompt));
    }

    [Fact]
    public async Task An_advisors_message_does_not_reset_the_citizens_silence()
    {
        var chat = await f.GivenLiveChat(Api.Tenjo, "asesor");
        f.Time.Advance(TimeSpan.FromSeconds(50));
        await f.As(Api.Tenjo, "advisor", "asesor").Say(Api.Tenjo, chat.CaseId, "¿Sigue ahí?");
        f.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await Run(chat.CaseId));
    }

    [Fact]
    public async Task An_offline_chat_is_never_closed_for_inactivity()
    {
        await f.MarkPresent(Api.Tenjo, "asesor", present: false);
        var chat = await f.StartChat(Api.Tenjo);
        Assert.Equal("offline", chat.Mode);
        f.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await Run(chat.CaseId));
        Assert.Equal("waiting", (await f.Citizen(chat.Token).ReadChat(Api.Tenjo, chat.CaseId)).GetProperty("status").GetString());
    }
}
