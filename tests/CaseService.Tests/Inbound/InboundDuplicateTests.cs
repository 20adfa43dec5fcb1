using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

public sealed class InboundDuplicateTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    [Fact]
    public async Task The_same_message_id_twice_is_stored_once_and_answers_the_same_case()
    {
        var email = InboundApi.Email(messageId: "<reintento-1@mail.example.com>");
        var first = await f.Deliver(email);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Body()).GetProperty("caseId").GetGuid();
        var events = await f.Db.CountEventsAsync();

        // A gateway may send the id with or without angle brackets.
        email["messageId"] = " reintento-1@mail.example.com ";
        var second = await f.Deliver(email);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await second.Body();
        Assert.Equal(id, again.GetProperty("caseId").GetGuid());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.False(again.GetProperty("threaded").GetBoolean());
        Assert.Equal(events, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_threaded_reply_delivered_twice_is_stored_once()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var email = InboundApi.Email(to: [f.ReplyAddressOf(Api.Flori, id)]);
        Assert.Equal(HttpStatusCode.OK, (await f.Deliver(email)).StatusCode);
        var events = await f.Db.CountEventsAsync();

        var second = await f.Deliver(email);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.Body()).GetProperty("threaded").GetBoolean());
        Assert.Equal(events, await f.Db.CountEventsAsync());
        Assert.Single((await advisor.View(id)).GetProperty("receivedEmails").EnumerateArray());
    }

    [Fact]
    public async Task The_same_message_id_in_another_entity_is_another_email()
    {
        var email = InboundApi.Email(messageId: "<compartido@mail.example.com>");
        var flori = await (await f.Deliver(email)).Body();
        var tenjo = await f.Deliver(email, Api.Tenjo);

        Assert.Equal(HttpStatusCode.Created, tenjo.StatusCode);
        Assert.NotEqual(flori.GetProperty("caseId").GetGuid(), (await tenjo.Body()).GetProperty("caseId").GetGuid());
    }

    [Fact]
    public async Task Simultaneous_deliveries_of_a_new_email_open_one_case()
    {
        var email = InboundApi.Email(messageId: $"<{Guid.NewGuid():N}@simultaneo>");
        var events = await f.Db.CountEventsAsync();
        var rows = await f.InboundRowsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => f.Deliver(email)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Body()).GetProperty("caseId").GetGuid()));
        Assert.Single(ids.Distinct());
        Assert.Equal(events + 3, await f.Db.CountEventsAsync());
        Assert.Equal(rows + 1, await f.InboundRowsAsync());
    }

    [Fact]
    public async Task Simultaneous_deliveries_of_a_reply_append_it_once()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var email = InboundApi.Email(to: [f.ReplyAddressOf(Api.Flori, id)]);
        var events = await f.Db.CountEventsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => f.Deliver(email)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(events + 1, await f.Db.CountEventsAsync());
        Assert.Single((await advisor.View(id)).GetProperty("receivedEmails").EnumerateArray());
        Assert.Equal(7, (await Task.WhenAll(responses.Select(r => r.Body()))).Count(b => b.GetProperty("duplicate").GetBoolean()));
    }
}
