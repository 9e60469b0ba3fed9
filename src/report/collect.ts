// `ssot report`: what the report shows, read from the database in one READ ONLY transaction (so the
// report cannot write, whatever a section calls), each section in its own savepoint: a section the
// database cannot answer (an object missing, a privilege the role lacks) is reported as unavailable
// with the reason, and the others still show. Rendering is in render.ts; nothing here prints.
import type pg from "pg";
import { runDoctor, type DoctorReport } from "../advisor/doctor.ts";
import { collectDoctrine, type DoctrineData } from "./doctrine.ts";
import { collectCron, collectDrift, collectQueues, collectRag, collectSeals } from "./ops.ts";
import type { CronData, DriftData, QueueData, RagData, SealData } from "./ops.ts";

export type Section<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ReportData {
  generatedAt: string;
  database: string;
  server: string;
  doctor: Section<DoctorReport>;
  doctrine: Section<DoctrineData>;
  cron: Section<CronData>;
  queues: Section<QueueData>;
  drift: Section<DriftData>;
  seals: Section<SealData>;
  rag: Section<RagData>;
}

/** Runs one section in a savepoint; an error becomes the section's reason, and the transaction goes on. */
async function section<T>(c: pg.Client, fn: (c: pg.Client) => Promise<T>): Promise<Section<T>> {
  await c.query("savepoint report_section");
  try {
    const data = await fn(c);
    await c.query("release savepoint report_section");
    return { ok: true, data };
  } catch (e) {
    await c.query("rollback to savepoint report_section");
    const err = e as Error & { code?: string };
    return { ok: false, error: err.code ? `${err.message} (SQLSTATE ${err.code})` : err.message };
  }
}

/**
 * Reads everything the report shows. `database` is the connection string with its password masked,
 * shown in the page's header. The transaction is READ ONLY and always rolled back.
 */
export async function collectReport(c: pg.Client, database: string, env: NodeJS.ProcessEnv = process.env): Promise<ReportData> {
  await c.query("begin transaction isolation level repeatable read read only");
  try {
    const head = await c.query(`select pg_catalog.now() as now, pg_catalog.current_setting('server_version') as v`);
    const doctor = await section(c, (cl) => runDoctor(cl, env, { record: false }));
    return {
      generatedAt: (head.rows[0].now as Date).toISOString(),
      database,
      server: `PostgreSQL ${head.rows[0].v}`,
      doctor,
      doctrine: await section(c, (cl) => collectDoctrine(cl, doctor.ok ? doctor.data : null)),
      cron: await section(c, collectCron),
      queues: await section(c, collectQueues),
      drift: await section(c, collectDrift),
      seals: await section(c, collectSeals),
      rag: await section(c, collectRag),
    };
  } finally {
    await c.query("rollback");
  }
}
