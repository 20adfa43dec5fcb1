using System.Net;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Public;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>A fixture of its own, so that Floridablanca has filed nothing and Tenjo's first radicado exists only in Tenjo.</summary>
public sealed class InboundOtherTenantTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    [Fact]
    public async Task Another_entitys_reply_address_or_radicado_opens_a_new_case_here_and_leaves_the_other_alone()
    {
        var tenjo = await f.Anonymous().FilePqrsd(Api.Tenjo);
        var tenjoBefore = await f.Db.EventsOfAsync(tenjo.CaseId);

        var response = await f.Deliver(InboundApi.Email(subject: $"Re: radicado {tenjo.Radicado}", to: [f.ReplyAddressOf(Api.Tenjo, tenjo.CaseId)]),
            expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var accepted = response.Json();
        Assert.False(accepted.GetProperty("threaded").GetBoolean());
        Assert.NotEqual(tenjo.CaseId, accepted.GetProperty("caseId").GetGuid());
        Assert.Equal("email", (await f.As(Api.Flori, "advisor").View(accepted.GetProperty("caseId").GetGuid())).Str("channel"));
        Assert.Equal(tenjoBefore.Count, (await f.Db.EventsOfAsync(tenjo.CaseId)).Count);
    }

    [Fact]
    public async Task A_reply_address_with_a_forged_tag_opens_a_new_case()
    {
        var (_, id) = await f.GivenACase();
        var real = f.ReplyAddressOf(Api.Flori, id);
        var at = real.IndexOf('@');
        var forged = real[..(at - 12)] + "000000000000" + real[at..];

        var response = await f.Deliver(InboundApi.Email(to: [forged]), expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        Assert.NotEqual(id, response.Json().GetProperty("caseId").GetGuid());
    }
}
