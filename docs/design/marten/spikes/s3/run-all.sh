#!/bin/bash
# Re-runs every piece of evidence in findings-s3.md; outputs under out/. Needs the cluster at 127.0.0.1:34079.
set -u
cd "$(dirname "$0")"
export NUGET_CERT_REVOCATION_MODE=offline
mkdir -p out
(cd Spike && dotnet build -v q 2>&1 | grep -E " error |Build succeeded" | sort -u)
(cd OldFill && dotnet build -v q 2>&1 | grep -E " error |Build succeeded" | sort -u)

sp() { (cd Spike && dotnet run --no-build -- "$@" 2>&1 | grep -v -e 'daemon is disabled' -e 'will not be executed' | cut -c1-400); }
# Q1 + Q2: serve (hook b), hole skip, rebuild, verify, refusals
{ ./reset.sh grants-minimal.sql; sp serve b; sp gap; sp rebuild; sp verify; sp refusals; } > out/q1-serve-b.out 2>&1
for h in a c; do { ./reset.sh grants-minimal.sql; sp serve $h; sp verify; sp concurrent $h; sp verify; } > out/q2-serve-$h.out 2>&1; done
{ ./reset.sh grants-minimal.sql; sp concurrent b; sp verify; } > out/q2-concurrent-b.out 2>&1
./minimal.sh > out/q1-minimal.out 2>&1
./tamper.sh > out/q2-tamper.out 2>&1
# Q3: fill with the old code, verify old chains, upgrade, run again
{ ./reset.sh grants-minimal.sql; (cd OldFill && dotnet run --no-build && dotnet run --no-build -- verify); sp upgrade; sp readb; echo "--- second run:"; sp upgrade; } > out/q3-upgrade.out 2>&1
echo done
