using System.Net;
using System.Text.Json;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Inbound;

/// <summary>Correctly signed emails that are not acceptable: each a problem naming what is wrong, and nothing stored.</summary>
public sealed class InboundValidationTests(InboundFixture f) : IClassFixture<InboundFixture>
{
    /// <summary>
    /// Runs a request that must be refused with a problem of this status, and checks that nothing was appended or stored.
    /// <paramref name="send"/> runs the scenario with the expectation it is given.
    /// </summary>
    private async Task<JsonElement> Refused(Func<Action<Scenario>, Task<IScenarioResult>> send, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var before = await f.Db.CountEventsAsync();
        var rows = await f.InboundRowsAsync();
        var problem = (await send(x => x.ProblemShouldBe(status))).Json();
        Assert.Equal(before, await f.Db.CountEventsAsync());
        Assert.Equal(rows, await f.InboundRowsAsync());
        return problem;
    }

    private static Dictionary<string, object?> With(string field, object? value)
    {
        var email = InboundApi.Email();
        if (value is null) email.Remove(field); else email[field] = value;
        return email;
    }

    private static void AssertErrors(JsonElement problem, params string[] fields)
    {
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Theory]
    [InlineData("{\"from\": \"maria@example.com\", ")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_body_that_is_not_a_json_email_is_a_400(string json)
    {
        await Refused(e => f.DeliverRaw(json, expect: e));
    }

    [Fact]
    public async Task A_signed_body_that_is_not_declared_json_is_a_415()
    {
        var body = InboundApi.Bytes(InboundApi.Email());
        var timestamp = f.Timestamp();
        await Refused(e => f.Anonymous().Scenario(x =>
        {
            x.Post.ByteArray(body).ToUrl(InboundApi.Url()).ContentType("text/plain");
            x.SignedWith(InboundApi.FloriSecret, timestamp, body);
            e(x);
        }), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_named()
    {
        var problem = await Refused(e => f.Deliver(With("to", "maria@example.com"), expect: e));
        AssertErrors(problem, "to");
    }

    [Theory]
    [InlineData("from")]
    [InlineData("messageId")]
    public async Task A_missing_required_field_is_named(string field)
    {
        AssertErrors(await Refused(e => f.Deliver(With(field, null), expect: e)), field);
        AssertErrors(await Refused(e => f.Deliver(With(field, "  "), expect: e)), field);
    }

    [Theory]
    [InlineData("maria.example.com")]
    [InlineData("María <maria@>")]
    [InlineData("maria@localhost")]
    public async Task A_sender_that_is_not_an_address_is_named(string from)
    {
        AssertErrors(await Refused(e => f.Deliver(With("from", from), expect: e)), "from");
    }

    [Fact]
    public async Task Bad_recipients_are_named_by_position()
    {
        var email = InboundApi.Email(to: ["atencion@personeria.gov.co", "no es un correo"]);
        email["cc"] = new[] { "ok@example.com", "", "otro@" };
        AssertErrors(await Refused(e => f.Deliver(email, expect: e)), "to[1]", "cc[1]", "cc[2]");
    }

    [Fact]
    public async Task Oversized_text_and_a_message_id_with_spaces_are_named()
    {
        var email = InboundApi.Email(messageId: "<dos partes@example.com>", text: new string('a', 100_001));
        AssertErrors(await Refused(e => f.Deliver(email, expect: e)), "text", "messageId");
    }

    [Fact]
    public async Task More_than_ten_attachments_is_a_400()
    {
        var problem = await Refused(e => f.Deliver(With("attachments", Enumerable.Range(0, 11).Select(i => InboundApi.Attachment($"a{i}.pdf", InboundApi.Pdf)).ToArray()), expect: e));
        AssertErrors(problem, "attachments");
    }

    [Fact]
    public async Task An_attachment_that_is_not_base64_or_has_no_name_is_named()
    {
        var problem = await Refused(e => f.Deliver(With("attachments", new object[]
        {
            InboundApi.Attachment("bien.pdf", InboundApi.Pdf),
            new { fileName = "mal.pdf", contentType = "application/pdf", contentBase64 = "%%no-es-base64%%" },
            new { contentType = "application/pdf", contentBase64 = Convert.ToBase64String(InboundApi.Pdf) },
        }), expect: e));
        AssertErrors(problem, "attachments[1].contentBase64", "attachments[2].fileName");
    }

    [Fact]
    public async Task An_attachment_over_10_mb_is_a_413()
    {
        byte[] big = [.. "%PDF-1.7\n"u8, .. new byte[10 * 1024 * 1024]];
        var problem = await Refused(e => f.Deliver(With("attachments", new[] { InboundApi.Attachment("grande.pdf", big) }), expect: e), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("10 MB", problem.Str("detail"));
    }

    [Fact]
    public async Task An_attachment_that_is_not_a_pdf_png_or_jpeg_by_content_is_a_415()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, .. new byte[200]];
        var problem = await Refused(e => f.Deliver(With("attachments", new[] { InboundApi.Attachment("documento.pdf", zip, "application/pdf") }), expect: e),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("documento.pdf", problem.Str("detail"));
    }
}
