using Atencion.EventStore.Marten.Store;
using System.Security.Cryptography;
using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Cases;

/// <summary>Gives a case its radicado: the entity's next consecutive of the year, allocated in the filing's own transaction.</summary>
/// <remarks>
/// The counter row stays locked until the filing commits, so numbers follow the order of filing, two filings never
/// share one, and a filing that rolls back gives its number back: none is reserved, repeated or skipped
/// (Acuerdo 060 de 2001 del AGN).
/// </remarks>
public static class Filing
{
    public static async Task<Decision> FileAsync(StoreTransaction t, TenantId tenant, CaseClock clock, CancellationToken ct)
    {
        var year = clock.Today.Year;
        await using var cmd = t.Command("""
            insert into atencion.radicado_sequences as s (tenant_id, year, last) values (@t, @y, 1)
            on conflict (tenant_id, year) do update set last = s.last + 1
            returning last
            """);
        cmd.Parameters.AddWithValue("t", tenant.Value);
        cmd.Parameters.AddWithValue("y", year);
        var consecutive = (int)(await cmd.ExecuteScalarAsync(ct))!;
        var code = TrackingCode.New();
        var radicado = Classify.Radicado(year, consecutive);
        return new Decision([new CaseFiled(radicado, year, consecutive, TrackingCode.Hash(code))], radicado, code);
    }
}

/// <summary>The code a citizen uses, with the radicado, to read their case's status; only its hash is stored.</summary>
public static class TrackingCode
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read aloud on the phone

    public static string New() => string.Concat(Enumerable.Range(0, 12).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant())));

    /// <summary>Compares in constant time, so that the answer's timing does not tell how close a guess was.</summary>
    public static bool Matches(string? code, string? hash) =>
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Hash(code ?? "")),
            System.Text.Encoding.ASCII.GetBytes(hash ?? new string('0', 64)));
}
