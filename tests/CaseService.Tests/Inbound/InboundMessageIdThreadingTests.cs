using System.Net;
using Atencion.CaseService.Tests.Email;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>
/// Threading by the Message-IDs an email answers (In-Reply-To, References): a citizen whose mail program replied to our From
/// rather than our Reply-To, and kept no radicado in the subject, still lands in the case.
/// </summary>
public sealed class InboundMessageIdThreadingTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    private const string OurDomain = "atencion.example.gov.co";

    /// <summary>A case whose answer went out by email, and that email's Message-ID as the citizen's program shows it.</summary>
    private async Task<(Guid CaseId, string MessageId)> AnsweredByEmailAsync(string tenant = Api.Flori)
    {
        var (id, _) = await f.FiledCaseWithEmail(tenant: tenant);
        await f.Respond(id, "Respuesta de fondo a su petición.", tenant);
        var answer = (await f.Outbox(id)).Last(r => r.Kind == "response");
        return (id, $"<{answer.EmailId:N}@{OurDomain}>");
    }

    private static Dictionary<string, object?> ReplyWithoutAddressOrRadicado() =>
        InboundApi.Email(subject: "Re: Respuesta a su solicitud", text: "Gracias, pero falta un documento.", to: ["atencion@personeria.gov.co"]);

    [Fact]
    public async Task A_reply_whose_in_reply_to_is_our_answer_threads_into_its_case()
    {
        var (caseId, answerId) = await AnsweredByEmailAsync();
        var before = await f.Db.CountEventsAsync();
        var reply = ReplyWithoutAddressOrRadicado();
        reply["inReplyTo"] = answerId;

        var response = await f.Deliver(reply, expect: x => x.StatusCodeShouldBeOk());

        var accepted = response.Json();
        Assert.Equal(caseId, accepted.GetProperty("caseId").GetGuid());
        Assert.True(accepted.GetProperty("threaded").GetBoolean());
        Assert.Equal(before + 1, await f.Db.CountEventsAsync());
        var email = (await f.As(Api.Flori, "advisor").View(caseId)).GetProperty("receivedEmails").EnumerateArray().Single();
        Assert.Equal("Gracias, pero falta un documento.", email.Str("text"));
    }

    [Fact]
    public async Task References_thread_when_in_reply_to_is_missing_or_unknown()
    {
        var (caseId, answerId) = await AnsweredByEmailAsync();
        var reply = ReplyWithoutAddressOrRadicado();
        reply["inReplyTo"] = "<unknown-parent@mail.example.com>";
        reply["references"] = $"<first@mail.example.com> {answerId} <unknown-parent@mail.example.com>";

        var response = await f.Deliver(reply, expect: x => x.StatusCodeShouldBeOk());

        Assert.Equal(caseId, response.Json().GetProperty("caseId").GetGuid());
    }

    [Fact]
    public async Task A_reply_to_the_citizens_own_earlier_email_threads_into_the_case_that_email_opened()
    {
        var first = InboundApi.Email(messageId: $"<{Guid.NewGuid():N}@mail.example.com>", subject: "Solicitud", text: "Primera parte.");
        var opened = (await f.Deliver(first)).Json();
        var caseId = opened.GetProperty("caseId").GetGuid();

        var followUp = InboundApi.Email(subject: "Re: Solicitud", text: "Segunda parte, que olvidé.");
        followUp["inReplyTo"] = first["messageId"];
        var response = await f.Deliver(followUp, expect: x => x.StatusCodeShouldBeOk());

        Assert.Equal(caseId, response.Json().GetProperty("caseId").GetGuid());
        Assert.Equal(2, (await f.As(Api.Flori, "advisor").View(caseId)).GetProperty("receivedEmails").GetArrayLength());
    }

    [Fact]
    public async Task A_message_id_of_another_entitys_email_opens_a_new_case_here_and_leaves_the_other_alone()
    {
        var (tenjoCase, tenjoAnswerId) = await AnsweredByEmailAsync(Api.Tenjo);
        var tenjoEventsBefore = (await f.History(tenjoCase, Api.Tenjo)).Count;
        var reply = ReplyWithoutAddressOrRadicado();
        reply["inReplyTo"] = tenjoAnswerId;
        reply["references"] = tenjoAnswerId;

        var response = await f.Deliver(reply, Api.Flori, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var accepted = response.Json();
        Assert.NotEqual(tenjoCase, accepted.GetProperty("caseId").GetGuid());
        Assert.False(accepted.GetProperty("threaded").GetBoolean());
        Assert.Equal(tenjoEventsBefore, (await f.History(tenjoCase, Api.Tenjo)).Count);
    }

    [Theory]
    [InlineData("<not-ours@mail.example.com>")]
    [InlineData("<00000000000000000000000000000000@atencion.example.gov.co>")]
    [InlineData("garbage without brackets")]
    public async Task An_unknown_message_id_opens_a_new_case(string inReplyTo)
    {
        var reply = ReplyWithoutAddressOrRadicado();
        reply["inReplyTo"] = inReplyTo;

        var response = await f.Deliver(reply, expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        Assert.False(response.Json().GetProperty("threaded").GetBoolean());
    }
}
