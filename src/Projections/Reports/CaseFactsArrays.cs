using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.Projections.Reports;

/// <summary>A batch's changed <see cref="CaseFacts"/> as array parameters, so a projection writes them all in one statement with <c>unnest</c>.</summary>
/// <remarks>
/// A rebuild batch of interleaved cases changes about one case per event; one statement per case made the rebuild cost a
/// round trip per event (docs/benchmarks.md, "Set-based projection writes").
/// </remarks>
public static class CaseFactsArrays
{
    /// <summary>
    /// Adds <c>@tenants</c> (text[]), <c>@cases</c> (uuid[]), <c>@versions</c> (bigint[]) and <c>@facts</c> (jsonb[]): one
    /// element per case, in the order of <paramref name="facts"/>, whose keys are distinct (an upsert may touch a row once).
    /// </summary>
    public static void AddTo(NpgsqlParameterCollection parameters, IReadOnlyList<CaseFacts> facts, JsonSerializerOptions json)
    {
        parameters.Add(new NpgsqlParameter<string[]>("tenants", facts.Select(f => f.Tenant).ToArray()));
        parameters.Add(new NpgsqlParameter<Guid[]>("cases", facts.Select(f => f.CaseId).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("versions", facts.Select(f => f.Version).ToArray()));
        parameters.Add(new NpgsqlParameter("facts", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
            { Value = facts.Select(f => JsonSerializer.Serialize(f, json)).ToArray() });
    }
}
