using System.Net;
using System.Text;

namespace Atencion.CaseService.Tests.Cases;

/// <summary>
/// docs/api.md, "Errors": a document upload whose multipart/form-data cannot be read is a problem that says what is wrong
/// with it (400, or 413 for too many fields or too large headers), never a 500, and appends nothing.
/// </summary>
public sealed class MalformedUploadTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Boundary = "limite-7f3a";

    /// <summary>A hand-written body: its bytes exactly as written, and the Content-Type sent with them as written (valid or not).</summary>
    private sealed record RawBody(byte[] Bytes, string ContentType);

    private static RawBody Body(string body, string contentType = $"multipart/form-data; boundary={Boundary}") =>
        new(Encoding.Latin1.GetBytes(body), contentType);

    /// <summary>Posts the hand-written body to the case's documents, expecting <paramref name="expect"/>.</summary>
    private static Task<IScenarioResult> Upload(Caller caller, Guid id, RawBody body, Action<Scenario> expect) =>
        caller.Scenario(x =>
        {
            x.Post.ByteArray(body.Bytes).ToUrl(CaseScenarios.DocumentsUrl(id)).ContentType(body.ContentType);
            expect(x);
        });

    private static string Part(string disposition, string content) => $"--{Boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{content}\r\n";

    private static string FilePart(string fileName = "cedula.pdf") => Part($"form-data; name=\"file\"; filename=\"{fileName}\"", "%PDF-1.7\n%%EOF");

    private static string End => $"--{Boundary}--\r\n";

    /// <summary>Posts the body to a fresh case's documents and asserts the problem, that its detail names the fault, and that nothing was appended.</summary>
    private async Task Refused(RawBody content, HttpStatusCode status, string named)
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();

        var problem = await Upload(advisor, id, content, x => x.ProblemShouldBe(status));

        Assert.Contains(named, problem.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_multipart_content_type_without_a_boundary_is_a_400_problem_naming_the_boundary() =>
        await Refused(Body(FilePart() + End, "multipart/form-data"), HttpStatusCode.BadRequest, "boundary");

    [Fact]
    public async Task A_body_cut_off_before_its_closing_boundary_is_a_400_problem() =>
        await Refused(Body($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cedula.pdf\"\r\n\r\n%PDF-1.7 medio archi"),
            HttpStatusCode.BadRequest, "boundary");

    [Theory]
    [InlineData("esto no es multipart")]
    [InlineData($"--{Boundary}\r\nbasura sin dos puntos\r\n\r\nx\r\n--{Boundary}--\r\n")]
    public async Task Garbage_with_a_boundary_is_a_400_problem(string garbage) =>
        await Refused(Body(garbage), HttpStatusCode.BadRequest, "multipart");

    [Fact]
    public async Task More_than_1024_form_fields_is_a_413_problem_naming_the_limit()
    {
        var body = new StringBuilder(FilePart());
        for (var i = 0; i < 1025; i++) body.Append(Part($"form-data; name=\"campo{i}\"", "x"));
        await Refused(Body(body.Append(End).ToString()), HttpStatusCode.RequestEntityTooLarge, "1024");
    }

    [Fact]
    public async Task Part_headers_over_16_kb_are_a_413_problem() =>
        await Refused(Body(FilePart(new string('a', 17_000) + ".pdf") + End), HttpStatusCode.RequestEntityTooLarge, "header");

    [Theory]
    [InlineData("\r\n", "header")]
    [InlineData("\r", "file")]
    [InlineData("\n", "file")]
    public async Task A_raw_line_break_in_content_disposition_is_a_400_problem(string lineBreak, string named) =>
        await Refused(Body(FilePart($"cedula{lineBreak}x.pdf") + End), HttpStatusCode.BadRequest, named);

    [Fact]
    public async Task The_same_hand_written_body_when_well_formed_is_stored()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var content = Body(FilePart() + End);

        await Upload(advisor, id, content, x => x.StatusCodeShouldBe(HttpStatusCode.Created));
    }
}
