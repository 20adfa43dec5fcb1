#!/bin/bash
# Fresh database: roles, owner applies Marten schema, owner grants the serving role.
set -e
cd "$(dirname "$0")"
P="psql -h 127.0.0.1 -p 34079 -v ON_ERROR_STOP=1 -q"
$P -U postgres -f setup.sql >/dev/null 2>&1
(cd Spike && dotnet run --no-build -- apply | tail -1)
$P -U s3_owner -d s3_es -f ${1:-grants.sql}
echo "reset done (grants: ${1:-grants.sql})"
