using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class InboundDuplicateTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    [Fact]
    public async Task The_same_message_id_twice_is_stored_once_and_answers_the_same_case()
    {
        var email = InboundApi.Email(messageId: "<reintento-1@mail.example.com>");
        var first = await f.Deliver(email, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        var id = first.Json().GetProperty("caseId").GetGuid();
        var events = await f.Db.CountEventsAsync();

        // A gateway may send the id with or without angle brackets.
        email["messageId"] = " reintento-1@mail.example.com ";
        var second = await f.Deliver(email, expect: x => x.StatusCodeShouldBeOk());

        var again = second.Json();
        Assert.Equal(id, again.GetProperty("caseId").GetGuid());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.False(again.GetProperty("threaded").GetBoolean());
        Assert.Equal(events, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_threaded_reply_delivered_twice_is_stored_once()
    {
        var (advisor, id) = await f.GivenACase();
        var email = f.ReplyTo(id);
        await f.Deliver(email, expect: x => x.StatusCodeShouldBeOk());
        var events = await f.Db.CountEventsAsync();

        var second = await f.Deliver(email, expect: x => x.StatusCodeShouldBeOk());

        Assert.True(second.Json().GetProperty("threaded").GetBoolean());
        Assert.Equal(events, await f.Db.CountEventsAsync());
        Assert.Single((await advisor.View(id)).GetProperty("receivedEmails").EnumerateArray());
    }

    [Fact]
    public async Task The_same_message_id_in_another_entity_is_another_email()
    {
        var email = InboundApi.Email(messageId: "<compartido@mail.example.com>");
        var flori = (await f.Deliver(email)).Json();
        var tenjo = await f.Deliver(email, Api.Tenjo, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        Assert.NotEqual(flori.GetProperty("caseId").GetGuid(), tenjo.Json().GetProperty("caseId").GetGuid());
    }

    [Fact]
    public async Task Simultaneous_deliveries_of_a_new_email_open_one_case()
    {
        var email = InboundApi.Email(messageId: $"<{Guid.NewGuid():N}@simultaneo>");
        var events = await f.Db.CountEventsAsync();
        var rows = await f.InboundRowsAsync();

        // The statuses are compared across the deliveries, so none is expected of each alone.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => f.Deliver(email, expect: x => x.IgnoreStatusCode())));

        Assert.Single(responses, r => r.Status() == (int)HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.Status() == (int)HttpStatusCode.OK));
        var ids = responses.Select(r => r.Json().GetProperty("caseId").GetGuid());
        Assert.Single(ids.Distinct());
        Assert.Equal(events + 3, await f.Db.CountEventsAsync());
        Assert.Equal(rows + 1, await f.InboundRowsAsync());
    }

    [Fact]
    public async Task Simultaneous_deliveries_of_a_reply_append_it_once()
    {
        var (advisor, id) = await f.GivenACase();
        var email = f.ReplyTo(id);
        var events = await f.Db.CountEventsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => f.Deliver(email, expect: x => x.IgnoreStatusCode())));

        Assert.All(responses, r => Assert.Equal((int)HttpStatusCode.OK, r.Status()));
        Assert.Equal(events + 1, await f.Db.CountEventsAsync());
        Assert.Single((await advisor.View(id)).GetProperty("receivedEmails").EnumerateArray());
        Assert.Equal(7, responses.Select(r => r.Json()).Count(b => b.GetProperty("duplicate").GetBoolean()));
    }
}
