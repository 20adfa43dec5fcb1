using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Staff;
using System.Net;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>The idle-chat and presence sweeps, run by Hangfire against the injected clock: prompt at 60 s, close at 120 s of the citizen's silence; a lapsed heartbeat makes the advisor absent.</summary>
public sealed class IdleChatJobTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private async Task<List<(string Type, DateTimeOffset At)>> Events(Guid id) => await f.Db.EventsOfAsync(id);

    [Fact]
    public async Task The_prompt_lands_between_60_and_65_seconds_and_the_close_between_120_and_125_seconds_of_silence()
    {
        await f.MarkPresent(Api.Tenjo, "asesor");
        var chat = await f.StartChat(Api.Tenjo);
        Assert.Equal("live", chat.Mode);
        var citizen = f.Citizen(chat.Token);
        f.Time.Advance(TimeSpan.FromSeconds(10));
        await citizen.Say(Api.Tenjo, chat.CaseId, "Quiero saber el estado de mi trámite", x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        var lastMessage = f.Time.GetUtcNow();

        f.Time.Advance(TimeSpan.FromSeconds(59));
        await f.Host.RunsAsync(IdleChatSweep.JobName);
        Assert.DoesNotContain((await citizen.ReadChat(Api.Tenjo, chat.CaseId)).Texts(), t => t.StartsWith("¿Se encuentra en línea?"));
        f.Time.Advance(TimeSpan.FromSeconds(1));
        await Sweeps.UntilAsync(() => citizen.ReadChat(Api.Tenjo, chat.CaseId), c => c.Texts()[^1].StartsWith("¿Se encuentra en línea?"), "the idle prompt");
        var promptAt = (await Events(chat.CaseId)).Last(e => e.Type == "MessagePosted").At;
        Assert.InRange((promptAt - lastMessage).TotalSeconds, 60, 65);

        f.Time.Advance(TimeSpan.FromSeconds(59));
        await f.Host.RunsAsync(IdleChatSweep.JobName);
        Assert.DoesNotContain((await Events(chat.CaseId)), e => e.Type == "ChatClosed");
        f.Time.Advance(TimeSpan.FromSeconds(1));
        var closed = await Sweeps.UntilAsync(() => citizen.ReadChat(Api.Tenjo, chat.CaseId), c => c.GetProperty("status").GetString() == "closed", "the close for inactivity");
        Assert.Equal("inactivity", closed.GetProperty("closedReason").GetString());
        var closedAt = (await Events(chat.CaseId)).Single(e => e.Type == "ChatClosed").At;
        Assert.InRange((closedAt - lastMessage).TotalSeconds, 120, 125);
        Assert.Single(closed.Texts(), t => t.StartsWith("¿Se encuentra en línea?"));
    }

    [Fact]
    public async Task A_citizen_message_resets_both_the_prompt_and_the_close()
    {
        await f.MarkPresent(Api.Tenjo, "asesor");
        var chat = await f.StartChat(Api.Tenjo);
        var citizen = f.Citizen(chat.Token);
        f.Time.Advance(TimeSpan.FromSeconds(60));
        await Sweeps.UntilAsync(() => citizen.ReadChat(Api.Tenjo, chat.CaseId), c => c.Texts()[^1].StartsWith("¿Se encuentra en línea?"), "the first prompt");
        f.Time.Advance(TimeSpan.FromSeconds(50));
        await citizen.Say(Api.Tenjo, chat.CaseId, "Sí, aquí estoy", x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        // 110 s after the chat started, but only 70 s after the citizen spoke: a new prompt, no close.
        f.Time.Advance(TimeSpan.FromSeconds(70));
        await Sweeps.UntilAsync(() => citizen.ReadChat(Api.Tenjo, chat.CaseId), c => c.Texts()[^1].StartsWith("¿Se encuentra en línea?"), "the second prompt");
        await f.Host.RunsAsync(IdleChatSweep.JobName);
        var read = await citizen.ReadChat(Api.Tenjo, chat.CaseId);
        Assert.Equal("live", read.GetProperty("status").GetString());
        Assert.Equal(2, read.Texts().Count(t => t.StartsWith("¿Se encuentra en línea?")));
    }

    [Fact]
    public async Task An_advisor_whose_heartbeat_stops_becomes_absent_once()
    {
        await f.MarkPresent(Api.Flori, "turno-noche");
        Assert.True((await f.StaffList(Api.Flori))["turno-noche"].GetProperty("present").GetBoolean());
        f.Time.Advance(TimeSpan.FromSeconds(61));
        await Sweeps.UntilAsync(async () =>
        {
            await using var conn = new Npgsql.NpgsqlConnection(f.Db.AdminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("select absent_since is not null and present_until is null from atencion.staff where tenant_id = $1 and user_id = 'turno-noche'", conn);
            cmd.Parameters.AddWithValue(Api.Flori);
            return (bool)(await cmd.ExecuteScalarAsync())!;
        }, lapsed => lapsed, "the lapse");
        var member = (await f.StaffList(Api.Flori))["turno-noche"];
        Assert.False(member.GetProperty("present").GetBoolean());

        // A heartbeat brings them back.
        await f.MarkPresent(Api.Flori, "turno-noche");
        Assert.True((await f.StaffList(Api.Flori))["turno-noche"].GetProperty("present").GetBoolean());
    }
}
