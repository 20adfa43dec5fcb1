using System.Net;
using System.Security.Cryptography;
using Atencion.CaseService.Tests.Lifecycle;
using static Atencion.CaseService.Tests.Cases.CaseScenarios;

namespace Atencion.CaseService.Tests.Cases;

public sealed class DocumentsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. RandomNumberGenerator.GetBytes(2000), .. "\n%%EOF"u8];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(500)];

    [Fact]
    public async Task A_scanned_pdf_is_stored_with_its_hash_and_served_back_unchanged()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var id = await advisor.CreateCase();

        var response = await advisor.Attach(id, DocumentForm(Pdf, "cedula.pdf", description: "Cédula escaneada"),
            x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        var stored = response.Json();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Pdf));
        Assert.Equal("application/pdf", stored.GetProperty("contentType").GetString());
        Assert.Equal(sha, stored.GetProperty("sha256").GetString());
        Assert.Equal(3, stored.GetProperty("version").GetInt64());

        var download = await advisor.Scenario(x =>
        {
            x.Get.Url(response.Header("Location"));
            x.StatusCodeShouldBe(HttpStatusCode.OK);
            x.ContentTypeShouldBe("application/pdf");
        });
        Assert.Equal(Pdf, download.ReadAsBytes());
        Assert.Equal(sha, download.Context.Response.Headers["X-Content-SHA256"].Single());

        var doc = (await advisor.View(id)).GetProperty("documents")[0];
        Assert.Equal("cedula.pdf", doc.GetProperty("fileName").GetString());
        Assert.Equal("Cédula escaneada", doc.GetProperty("description").GetString());
        Assert.Equal("ana", doc.GetProperty("by").GetString());
        var history = await f.As(Api.Flori, "auditor").History(id);
        Assert.Equal(sha, history.GetProperty("events")[2].GetProperty("data").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_kind_is_recognised_by_content_not_by_the_declared_type()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var png = (await advisor.Attach(id, DocumentForm(Png, "foto.pdf", "application/pdf"), x => x.StatusCodeShouldBeSuccess())).Json();
        Assert.Equal("image/png", png.GetProperty("contentType").GetString());

        var before = await f.Db.CountEventsAsync();
        await advisor.Attach(id, DocumentForm([0x4D, 0x5A, 0x90, 0x00, .. RandomNumberGenerator.GetBytes(100)], "informe.pdf", "application/pdf"),
            x => x.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_document_over_10_mb_is_a_413_problem_and_stores_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        byte[] big = [.. "%PDF-1.7\n"u8, .. new byte[10 * 1024 * 1024]];
        await advisor.Attach(id, DocumentForm(big, "grande.pdf"), x => x.ProblemShouldBe(HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Bad_uploads_are_problems_and_append_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        await advisor.Attach(id, new MultipartFormDataContent { { new StringContent("x"), "other" } }, x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await advisor.Attach(id, DocumentForm([], "vacio.pdf"), x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await advisor.Scenario(x =>
        {
            x.Post.RawJson("{}").ToUrl(DocumentsUrl(id));
            x.ProblemShouldBe(HttpStatusCode.UnsupportedMediaType);
        });
        await advisor.Attach(Guid.NewGuid(), DocumentForm(Pdf, "a.pdf"), x => x.ProblemShouldBe(HttpStatusCode.NotFound));
        await f.As(Api.Flori, "auditor").Attach(id, DocumentForm(Pdf, "a.pdf"), x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Another_entitys_document_is_not_found()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var location = await advisor.GivenDocument(id, Pdf, "a.pdf");
        await f.As(Api.Tenjo, "advisor").Scenario(x =>
        {
            x.Get.Url(location.Replace(Api.Flori, Api.Tenjo));
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        });
        await advisor.Scenario(x =>
        {
            x.Get.Url($"{DocumentsUrl(id)}/{Guid.NewGuid()}");
            x.ProblemShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task Stored_documents_cannot_be_changed_by_the_service_role()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        await advisor.GivenDocument(id, Pdf, "a.pdf");
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"update atencion.documents set content = '\\x00' where case_id = '{id}'", conn);
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", e.MessageText);
    }
}
