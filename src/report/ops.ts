// The operational sections of `ssot report`: cron job health and the runs of the last day, the
// queues, Odoo drift per instance, the event log's seal chain, the RAG corpus. Each reads the views
// and functions the doctor and the health checks use (ops.cron_job_health, ops.queue_metrics,
// odoo_seed.drift, ops.verify_event_seals), never a copy of their logic.
import type pg from "pg";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface CronJob {
  name: string; kind: string; schedule: string; localTime: string | null; enabled: boolean; scheduled: boolean; active: boolean;
  lastRunAt: string | null; lastStatus: string | null; lastMessage: string | null; consecutiveFailures: number;
  expectedSinceLastRun: number | null; silent: boolean; missedWhileDown: number | null;
}
export interface CronRun { job: string; status: string; start: string; end: string | null; message: string | null }
export interface CronData {
  /** the timeline's window: the last 24 hours up to the report's time */
  from: string;
  to: string;
  jobs: CronJob[];
  /** null where pg_cron is not installed (no cron.job_run_details) */
  runs: CronRun[] | null;
  outages: { from: string; to: string }[];
}

export async function collectCron(c: pg.Client): Promise<CronData> {
  const w = await c.query(`select pg_catalog.now() - interval '24 hours' as "from", pg_catalog.now() as "to"`);
  const h = await c.query(`select * from ops.cron_job_health order by name`);
  const jobs: CronJob[] = h.rows.map((r) => ({
    name: r.name, kind: r.kind, schedule: r.schedule, localTime: r.local_time, enabled: r.enabled, scheduled: r.scheduled,
    active: r.active, lastRunAt: iso(r.last_run_at), lastStatus: r.last_status, lastMessage: r.last_message,
    consecutiveFailures: r.consecutive_failures, expectedSinceLastRun: r.expected_since_last_run, silent: r.silent,
    missedWhileDown: r.missed_while_down,
  }));
  let runs: CronRun[] | null = null;
  const has = await c.query(`select pg_catalog.to_regclass('cron.job_run_details') is not null and pg_catalog.to_regclass('cron.job') is not null as yes`);
  if (has.rows[0].yes) {
    const r = await c.query(`
      select j.jobname, d.status, coalesce(d.start_time, d.end_time) as start_time, d.end_time, pg_catalog.left(d.return_message, 300) as message
        from cron.job_run_details d join cron.job j on j.jobid = d.jobid
       where coalesce(d.start_time, d.end_time) > pg_catalog.now() - interval '24 hours'
       order by d.runid desc limit 5000`);
    runs = r.rows.map((x) => ({ job: x.jobname, status: x.status, start: iso(x.start_time)!, end: iso(x.end_time), message: x.message }));
  }
  const o = await c.query(`
    select s.down_since, s.started_at from ops.server_starts s
     where s.down_since is not null and s.started_at > pg_catalog.now() - interval '24 hours' order by s.started_at`);
  return {
    from: iso(w.rows[0].from)!, to: iso(w.rows[0].to)!, jobs, runs,
    outages: o.rows.map((x) => ({ from: iso(x.down_since)!, to: iso(x.started_at)! })),
  };
}

export interface QueueRow { queue: string; depth: number; due: number | null; oldestDueSeconds: number | null; failures1h: number; dead24h: number | null }
export interface QueueData { queues: QueueRow[]; byStatus: { queue: string; status: string; count: number }[] }

export async function collectQueues(c: pg.Client): Promise<QueueData> {
  const q = await c.query(`
    select queue, depth, due, extract(epoch from oldest_due_age)::float8 as oldest, failures_1h, dead_24h from ops.queue_metrics`);
  const s = await c.query(`
    select 'odoo.webhook_events' as queue, e.status, count(*)::int as n from odoo.webhook_events e group by e.status
    union all
    select 'ops.outbox', o.status, count(*)::int from ops.outbox o group by o.status
    order by 1, 2`);
  return {
    queues: q.rows.map((r) => ({ queue: r.queue, depth: r.depth, due: r.due, oldestDueSeconds: r.oldest, failures1h: r.failures_1h, dead24h: r.dead_24h })),
    byStatus: s.rows.map((r) => ({ queue: r.queue, status: r.status, count: r.n })),
  };
}

export interface DriftRow { instance: string; entity: string; kind: string; externalRef: string | null; expected: string | null; actual: string | null }
export interface DriftData {
  /** every active instance, with its number of differences (0 included) */
  instances: { instance: string; count: number }[];
  kinds: { instance: string; kind: string; count: number }[];
  /** the first 200 differences, for the table */
  rows: DriftRow[];
  total: number;
}

export async function collectDrift(c: pg.Client): Promise<DriftData> {
  const i = await c.query(`
    select i.slug, (select count(*)::int from odoo_seed.drift d where d.instance = i.slug) as n
      from odoo.instances i where i.active order by i.slug`);
  const k = await c.query(`select d.instance, d.kind, count(*)::int as n from odoo_seed.drift d group by 1, 2 order by 1, 2`);
  const r = await c.query(`
    select d.instance, d.entity, d.kind, d.external_ref, d.expected, d.actual from odoo_seed.drift d
     order by d.instance, d.entity, d.kind, d.external_ref limit 200`);
  const instances = i.rows.map((x) => ({ instance: x.slug, count: x.n }));
  return {
    instances,
    kinds: k.rows.map((x) => ({ instance: x.instance, kind: x.kind, count: x.n })),
    rows: r.rows.map((x) => ({ instance: x.instance, entity: x.entity, kind: x.kind, externalRef: x.external_ref, expected: x.expected, actual: x.actual })),
    total: instances.reduce((a, x) => a + x.count, 0),
  };
}

export interface SealData {
  ok: boolean; sealsChecked: number; sealsRecomputed: number; firstBrokenSeal: number | null; problem: string | null;
  events: number; lastSealAt: string | null;
  lastFullCheck: { at: string; status: string; problem: string | null } | null;
}

/** The chain as ops.verify_event_seals walks it: every link and seal hash, the events of the last day's seals re-hashed. */
export async function collectSeals(c: pg.Client): Promise<SealData> {
  const v = (await c.query(`select * from ops.verify_event_seals(pg_catalog.now() - interval '1 day')`)).rows[0];
  const e = (await c.query(`select (select count(*) from ops.events) as events, (select max(s.sealed_at) from ops.event_seals s) as last_seal`)).rows[0];
  const h = await c.query(`
    select h.checked_at, h.status, h.detail ->> 'problem' as problem from ops.health_checks h
     where h.target = 'ops.event_seals' order by h.checked_at desc limit 1`);
  return {
    ok: v.ok, sealsChecked: v.seals_checked, sealsRecomputed: v.seals_recomputed, firstBrokenSeal: v.first_broken_seal, problem: v.problem,
    events: e.events, lastSealAt: iso(e.last_seal),
    lastFullCheck: h.rows[0] ? { at: iso(h.rows[0].checked_at)!, status: h.rows[0].status, problem: h.rows[0].problem } : null,
  };
}

export interface RagData { documents: number; chunks: number; embedded: number; tokens: number; bytes: number; sources: { source: string; documents: number }[] }

export async function collectRag(c: pg.Client): Promise<RagData> {
  const r = (await c.query(`
    select (select count(*) from rag.documents) as documents,
           (select count(*) from rag.chunks) as chunks,
           (select count(*) from rag.chunks k where k.embedding is not null) as embedded,
           (select coalesce(sum(k.token_count), 0)::bigint from rag.chunks k) as tokens,
           pg_catalog.pg_total_relation_size('rag.documents') + pg_catalog.pg_total_relation_size('rag.chunks') as bytes`)).rows[0];
  const s = await c.query(`select d.source, count(*)::int as n from rag.documents d group by 1 order by 2 desc, 1 limit 20`);
  return { ...r, sources: s.rows.map((x) => ({ source: x.source, documents: x.n })) } as RagData;
}
