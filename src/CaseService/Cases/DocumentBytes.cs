using Atencion.EventStore.Marten.Store;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Cases;

/// <summary>Stores an attached document's bytes beside the log, in the same transaction as its <see cref="DocumentAttached"/> event.</summary>
public static class DocumentBytes
{
    /// <summary>Inserts the bytes under the event's document id (append-only: the table refuses updates and deletes).</summary>
    public static async Task StoreAsync(StoreTransaction t, TenantId tenant, Guid caseId, DocumentAttached document, byte[] content, CancellationToken ct)
    {
        await using var insert = t.Command("""
            insert into atencion.documents (tenant_id, document_id, case_id, file_name, content_type, size, sha256, content, uploaded_at)
            values (@t, @d, @c, @n, @ct, @s, @h, @b, now())
            """);
        insert.Parameters.AddWithValue("t", tenant.Value);
        insert.Parameters.AddWithValue("d", document.DocumentId);
        insert.Parameters.AddWithValue("c", caseId);
        insert.Parameters.AddWithValue("n", document.FileName);
        insert.Parameters.AddWithValue("ct", document.ContentType);
        insert.Parameters.AddWithValue("s", document.Size);
        insert.Parameters.AddWithValue("h", document.Sha256);
        insert.Parameters.AddWithValue("b", content);
        await insert.ExecuteNonQueryAsync(ct);
    }
}
