using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Atencion.CaseService.Tests.Cases;

public sealed class DocumentsTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. RandomNumberGenerator.GetBytes(2000), .. "\n%%EOF"u8];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(500)];

    private static MultipartFormDataContent Form(byte[] bytes, string name, string declaredType = "application/octet-stream", string? description = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    private static string Docs(Guid id) => $"/api/{Api.Flori}/cases/{id}/documents";

    [Fact]
    public async Task A_scanned_pdf_is_stored_with_its_hash_and_served_back_unchanged()
    {
        var advisor = f.As(Api.Flori, "advisor", "ana");
        var id = await advisor.CreateCase();

        var response = await advisor.PostAsync(Docs(id), Form(Pdf, "cedula.pdf", description: "Cédula escaneada"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await response.Body();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Pdf));
        Assert.Equal("application/pdf", stored.GetProperty("contentType").GetString());
        Assert.Equal(sha, stored.GetProperty("sha256").GetString());
        Assert.Equal(3, stored.GetProperty("version").GetInt64());

        var download = await advisor.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(sha, download.Headers.GetValues("X-Content-SHA256").Single());

        var doc = (await (await advisor.GetAsync($"/api/{Api.Flori}/cases/{id}")).Body()).GetProperty("documents")[0];
        Assert.Equal("cedula.pdf", doc.GetProperty("fileName").GetString());
        Assert.Equal("Cédula escaneada", doc.GetProperty("description").GetString());
        Assert.Equal("ana", doc.GetProperty("by").GetString());
        var history = await (await f.As(Api.Flori, "auditor").GetAsync($"/api/{Api.Flori}/cases/{id}/history")).Body();
        Assert.Equal(sha, history.GetProperty("events")[2].GetProperty("data").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_kind_is_recognised_by_content_not_by_the_declared_type()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var png = await (await advisor.PostAsync(Docs(id), Form(Png, "foto.pdf", "application/pdf"))).Body();
        Assert.Equal("image/png", png.GetProperty("contentType").GetString());

        var before = await f.Db.CountEventsAsync();
        var exe = await advisor.PostAsync(Docs(id), Form([0x4D, 0x5A, 0x90, 0x00, .. RandomNumberGenerator.GetBytes(100)], "informe.pdf", "application/pdf"));
        await exe.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task A_document_over_10_mb_is_a_413_problem_and_stores_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        byte[] big = [.. "%PDF-1.7\n"u8, .. new byte[10 * 1024 * 1024]];
        await (await advisor.PostAsync(Docs(id), Form(big, "grande.pdf"))).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Bad_uploads_are_problems_and_append_nothing()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        await (await advisor.PostAsync(Docs(id), new MultipartFormDataContent { { new StringContent("x"), "other" } })).AssertProblem(HttpStatusCode.BadRequest);
        await (await advisor.PostAsync(Docs(id), Form([], "vacio.pdf"))).AssertProblem(HttpStatusCode.BadRequest);
        await (await advisor.PostAsync(Docs(id), Api.Raw("{}"))).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await (await advisor.PostAsync(Docs(Guid.NewGuid()), Form(Pdf, "a.pdf"))).AssertProblem(HttpStatusCode.NotFound);
        await (await f.As(Api.Flori, "auditor").PostAsync(Docs(id), Form(Pdf, "a.pdf"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Fact]
    public async Task Another_entitys_document_is_not_found()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var location = (await advisor.PostAsync(Docs(id), Form(Pdf, "a.pdf"))).Headers.Location!.ToString();
        await (await f.As(Api.Tenjo, "advisor").GetAsync(location.Replace(Api.Flori, Api.Tenjo))).AssertProblem(HttpStatusCode.NotFound);
        await (await advisor.GetAsync($"{Docs(id)}/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stored_documents_cannot_be_changed_by_the_service_role()
    {
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        (await advisor.PostAsync(Docs(id), Form(Pdf, "a.pdf"))).EnsureSuccessStatusCode();
        await using var conn = new Npgsql.NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"update atencion.documents set content = '\\x00' where case_id = '{id}'", conn);
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", e.MessageText);
    }
}
