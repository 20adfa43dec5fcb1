using System.Net;
using System.Text;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Inbound;
using Atencion.CaseService.Tests.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Reports;

/// <summary>A host whose contact register streams its CSV two rows per query, so a small register spans many batches.</summary>
public sealed class SmallBatchContactsFixture() : ServiceFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
    ["Reports:ContactsReadBatch"] = "2",
});

/// <summary>The contact register has a row per contact (a case's opening and each later email from the citizen), and never drops rows.</summary>
public sealed class ContactRegisterTests(SmallBatchContactsFixture f) : IClassFixture<SmallBatchContactsFixture>
{
    private const string T = Api.Flori;

    /// <summary>Given an email that opens a case, a phone contact that opens another, the citizen writing twice more on the first (each delivered twice), and a last phone contact.</summary>
    private async Task<(Guid Emailed, Guid Phoned)> GivenContacts()
    {
        f.Time.Advance(TimeSpan.FromDays(1)); // a day of its own: the tests share the database
        var advisor = f.As(T, "advisor", "operadora");
        var opened = await f.Deliver(InboundApi.Email(subject: "Solicitud de certificado"), expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));
        var emailed = opened.Json().GetProperty("caseId").GetGuid();
        f.Time.Advance(TimeSpan.FromMinutes(1));
        var phoned = await advisor.CreateCase();
        foreach (var text in new[] { "Adjunto la cédula.", "¿Ya tienen respuesta?" })
        {
            f.Time.Advance(TimeSpan.FromMinutes(5));
            var reply = InboundApi.Email(subject: "Re: Solicitud de certificado", text: text, to: [f.ReplyAddressOf(T, emailed)]);
            await f.Deliver(reply, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));
            await f.Deliver(reply, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK)); // the same Message-ID again: stored once
        }
        f.Time.Advance(TimeSpan.FromMinutes(1));
        await advisor.CreateCase();
        await f.ProjectionsCaughtUpAsync();
        return (emailed, phoned);
    }

    [Fact]
    public async Task Each_email_threaded_into_a_case_is_a_contact_of_its_own_and_pages_add_up_to_the_total()
    {
        var (emailed, phoned) = await GivenContacts();
        var today = f.Today();
        var control = f.As(T, "control");

        var rows = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
        {
            var body = (await control.Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&page={page}&pageSize=2",
                expect: x => x.StatusCodeShouldBeOk())).Json();
            Assert.Equal(5, body.GetProperty("total").GetInt64());
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(2, body.GetProperty("pageSize").GetInt32());
            rows.AddRange(body.GetProperty("contacts").EnumerateArray());
        }
        var beyond = (await control.Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&page=4&pageSize=2")).Json();
        Assert.Empty(beyond.GetProperty("contacts").EnumerateArray());

        Assert.Equal(5, rows.Count);
        Assert.Equal(["opening", "opening", "email-reply", "email-reply", "opening"], rows.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal([emailed, phoned, emailed, emailed], rows.Take(4).Select(r => r.GetProperty("caseId").GetGuid()));
        Assert.Equal(["email", "phone", "email", "email"], rows.Take(4).Select(r => r.GetProperty("channel").GetString()));
        Assert.Equal(rows.Select(r => r.GetProperty("contactAt").GetDateTimeOffset()).Order(), rows.Select(r => r.GetProperty("contactAt").GetDateTimeOffset()));
        Assert.Equal(5, rows.Select(r => r.GetProperty("contactAt").GetDateTimeOffset()).Distinct().Count());
        // A later email carries the citizen of its case.
        Assert.Equal("María Pérez", rows[3].GetProperty("citizenName").GetString());

        // Without page parameters: the first page of the default size, which here holds everything.
        var all = (await control.Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Json();
        Assert.Equal(5, all.GetProperty("contacts").GetArrayLength());
        Assert.Equal(1000, all.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task The_csv_has_every_contact_however_many_read_batches_it_takes()
    {
        var (emailed, _) = await GivenContacts();
        var today = f.Today();
        var control = f.As(T, "control");
        var expected = (await control.Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Json()
            .GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid().ToString()).ToList();
        Assert.Equal(5, expected.Count);

        var csv = await control.Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", "text/csv", x =>
        {
            x.StatusCodeShouldBeOk();
            x.MediaTypeShouldBe("text/csv");
        });

        var bytes = csv.ReadAsBytes();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.DoesNotContain('\uFEFF', text); // one BOM, at the start only
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("contactAt,channel,kind,citizenName,citizenId,type,topic,radicado,attendedBy,outcome,caseId", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[^1]));
        Assert.Equal(2, lines.Count(l => l.Contains(",email,email-reply,") && l.EndsWith(emailed.ToString())));
    }

    [Theory]
    [InlineData("page=0", null, "page")]
    [InlineData("pageSize=0", null, "pageSize")]
    [InlineData("pageSize=5001", null, "pageSize")]
    [InlineData("pageSize=10", "text/csv", "pageSize")] // a CSV client still gets the problem, as JSON
    public async Task Bad_paging_is_a_400_problem_naming_the_field(string query, string? accept, string field)
    {
        var today = f.Today();
        var response = await f.As(T, "control").Report($"reports/contacts?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&{query}", accept, x =>
        {
            x.ProblemShouldBe(HttpStatusCode.BadRequest);
            x.MediaTypeShouldBe("application/problem+json");
        });

        var problem = response.Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100_001)]
    public void A_read_batch_out_of_range_is_refused_at_start_up(int batch)
    {
        var db = f.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var refused = Assert.Throws<InvalidOperationException>(() => new Atencion.Projections.Contacts.ContactRegister(db, batch));
        Assert.Contains("Reports:ContactsReadBatch", refused.Message);
    }
}
