using System.Text.Json;
using Atencion.Domain.Entities;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Npgsql;
using NpgsqlTypes;

namespace Atencion.Projections.Entities;

/// <summary>An entity (tenant) with its current configuration and the version of its stream.</summary>
public sealed record Entity(string Tenant, EntitySettings Settings, long Version, DateTimeOffset UpdatedAt);

/// <summary>Keeps <c>atencion.entities</c> (the known tenants and their configuration) in step with each entity's stream.</summary>
public sealed class EntityProjection(JsonSerializerOptions json) : IInlineProjection
{
    public bool Handles(string streamType) => streamType == EventCatalog.EntityStream;

    public async Task ApplyAsync(AppendContext context, CancellationToken ct)
    {
        foreach (var e in context.Events)
        {
            if (e.Data is StaffMemberRegistered staff)
            {
                await using var upsert = context.Command("""
                    insert into atencion.staff (tenant_id, user_id, name, skills, active, email, supervisor, known) values (@t, @u, @n, @s, @a, @e, @sup, true)
                    on conflict (tenant_id, user_id) do update set name = excluded.name, skills = excluded.skills, active = excluded.active,
                        email = excluded.email, supervisor = excluded.supervisor, known = true
                    """);
                upsert.Parameters.AddWithValue("t", context.Tenant.Value);
                upsert.Parameters.AddWithValue("u", staff.UserId);
                upsert.Parameters.AddWithValue("n", staff.Name);
                upsert.Parameters.AddWithValue("s", staff.Skills.ToArray());
                upsert.Parameters.AddWithValue("a", staff.Active);
                upsert.Parameters.AddWithValue("e", NpgsqlDbType.Text, (object?)staff.Email ?? DBNull.Value);
                upsert.Parameters.AddWithValue("sup", staff.Supervisor);
                await upsert.ExecuteNonQueryAsync(ct);
                continue;
            }
            if (e.Data is not EntitySettingsChanged changed) continue;
            await using var cmd = context.Command("""
                insert into atencion.entities (tenant_id, name, settings, version, updated_at) values (@t, @n, @s, @v, @u)
                on conflict (tenant_id) do update set name = excluded.name, settings = excluded.settings,
                    version = excluded.version, updated_at = excluded.updated_at
                """);
            cmd.Parameters.AddWithValue("t", context.Tenant.Value);
            cmd.Parameters.AddWithValue("n", changed.Settings.Name);
            cmd.Parameters.AddWithValue("s", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(changed.Settings, json));
            cmd.Parameters.AddWithValue("v", e.Version);
            cmd.Parameters.AddWithValue("u", e.RecordedAt);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>Looks up entities (tenants) and their configuration.</summary>
public sealed class EntityRegistry(NpgsqlDataSource dataSource, JsonSerializerOptions json)
{
    /// <summary>The entity, or null when no such tenant exists.</summary>
    public async Task<Entity?> FindAsync(string tenant, CancellationToken ct)
    {
        if (!TenantId.IsValid(tenant)) return null;
        await using var cmd = dataSource.CreateCommand("select settings::text, version, updated_at from atencion.entities where tenant_id = $1");
        cmd.Parameters.AddWithValue(tenant);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new Entity(tenant, JsonSerializer.Deserialize<EntitySettings>(reader.GetString(0), json)!,
            reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>All entities' ids, in order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var list = new List<string>();
        await using var cmd = dataSource.CreateCommand("select tenant_id from atencion.entities order by tenant_id");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>The email addresses of the entity's active supervisors (those registered with one), for alerts.</summary>
    public async Task<IReadOnlyList<string>> SupervisorsAsync(string tenant, CancellationToken ct)
    {
        var list = new List<string>();
        await using var cmd = dataSource.CreateCommand(
            "select email from atencion.staff where tenant_id = $1 and supervisor and active and email is not null order by user_id");
        cmd.Parameters.AddWithValue(tenant);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>A staff member's email address, or null when they are unknown or gave none.</summary>
    public async Task<string?> StaffEmailAsync(string tenant, string userId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("select email from atencion.staff where tenant_id = $1 and user_id = $2");
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(userId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
