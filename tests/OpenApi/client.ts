// A typed client generated from /openapi/v1.json (openapi-typescript + openapi-fetch) calling three routes of a running service:
// an anonymous one, a staff command with If-Match, and a CSV report. OpenApiClientTests compiles it with tsc --strict and runs it;
// it prints what it saw as one JSON line and exits 1 when anything differs from the contract.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const tenant = env("ATENCION_TENANT");
const client = createClient<paths>({ baseUrl: env("ATENCION_BASE_URL") });
const advisor = { Authorization: `Bearer ${env("ATENCION_ADVISOR_TOKEN")}` };
const control = { Authorization: `Bearer ${env("ATENCION_CONTROL_TOKEN")}` };
const failures: string[] = [];
const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };

// Anonymous: security: [] in the document, no token sent.
const availability = await client.GET("/api/{tenant}/chat/availability", { params: { path: { tenant } } });
check(availability.response.status === 200, `chat/availability answered ${availability.response.status}`);
check(typeof availability.data?.online === "boolean", "chat/availability has no boolean 'online'");

// Staff: open a case (201, Location, ETag), add a note with If-Match, then a stale If-Match is a 412 problem.
const opened = await client.POST("/api/{tenant}/cases", {
  params: { path: { tenant } },
  headers: advisor,
  body: {
    channel: "phone",
    subject: "Derecho de petición",
    text: "Solicito información sobre mi proceso.",
    citizen: { name: "Luz Marina Rueda", email: "luz@example.com", idType: "cc", idNumber: "63123456" },
  },
});
check(opened.response.status === 201, `POST cases answered ${opened.response.status}`);
check(!!opened.response.headers.get("Location"), "POST cases has no Location");
const etag = opened.response.headers.get("ETag") ?? "";
const caseId = opened.data?.id ?? "";
const note = await client.POST("/api/{tenant}/cases/{id}/notes", {
  params: { path: { tenant, id: caseId }, header: { "If-Match": etag } },
  headers: advisor,
  body: { text: "Se devolvió la llamada." },
});
check(note.response.status === 201, `POST notes with If-Match ${etag} answered ${note.response.status}`);
const noteETag = note.response.headers.get("ETag");
check(noteETag === `"${note.data?.version}"`, `the note's ETag ${noteETag} is not its version ${note.data?.version}`);
const stale = await client.POST("/api/{tenant}/cases/{id}/notes", {
  params: { path: { tenant, id: caseId }, header: { "If-Match": etag } },
  headers: advisor,
  body: { text: "Otra nota." },
});
check(stale.response.status === 412, `POST notes with the stale If-Match ${etag} answered ${stale.response.status}`);
check(stale.error?.status === 412, "the 412 is not a problem with status 412");

// CSV report: Accept text/csv, read as text.
const report = await client.GET("/api/{tenant}/reports/pqrsd", {
  params: { path: { tenant }, query: { month: "2026-03" } },
  headers: { ...control, Accept: "text/csv" },
  parseAs: "text",
});
const csv = (report.data ?? "").replace(/^\uFEFF/, "");
const header = csv.split(/\r?\n/)[0] ?? "";
check(report.response.status === 200, `reports/pqrsd as CSV answered ${report.response.status}`);
check((report.response.headers.get("Content-Type") ?? "").startsWith("text/csv"), "reports/pqrsd did not answer text/csv");
check(header.startsWith("period,dimension,key,received"), `unexpected CSV header '${header}'`);

console.log(JSON.stringify({
  availability: availability.response.status,
  opened: opened.response.status,
  caseId,
  etag,
  note: note.response.status,
  noteETag,
  stale: stale.response.status,
  report: report.response.status,
  csvHeader: header,
  failures,
}));
if (failures.length > 0) process.exitCode = 1;
