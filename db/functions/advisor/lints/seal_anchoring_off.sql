-- advisor.lint_seal_anchoring_off: seal chains whose heads the external anchor receiver has not
-- acknowledged for an hour (docs/anchors.md). Without receipts, the owner of the sealed tables can
-- rewrite rows and recompute every seal after them, and nothing outside the database disagrees.
-- Per chain: a seal made more than an hour ago with no receipt for it or for a later seal.
create or replace view advisor.lint_seal_anchoring_off with (security_invoker = true) as
select
  'seal_anchoring_off'::text as name,
  'Seals not anchored outside the database'::text as title,
  'WARN'::text as level,
  'INTERNAL'::text as facing,
  array['SECURITY']::text[] as categories,
  'Detects seal chains (ops.event_seals, control_plane.access_log_seals) with seals older than an hour that the anchor receiver has not acknowledged: without its receipts an owner''s rewrite with recomputed seals goes unnoticed.'::text as description,
  pg_catalog.format('%s: %s seal(s) made more than an hour ago have no receipt from the anchor receiver (the oldest: seal %s of %s); %s.',
    x.chain, x.n, x.oldest_id, pg_catalog.to_char(x.oldest_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
    case when x.configured then 'a receiver is configured: look at the outbox topic ops.seal_anchor for failed deliveries'
         else 'no receiver is configured (setting ssot.seal_anchor_url, or the secret seal_anchor_url)' end)::text as detail,
  'Run an anchor receiver outside the database and point the seal job at it (docs/anchors.md): alter database <db> set ssot.seal_anchor_url = ''https://…'', or ssot secret set seal_anchor_url; keep its key in SSOT_ANCHOR_KEY where ssot events verify runs.'::text as remediation,
  pg_catalog.jsonb_build_object('chain', x.chain, 'unanchored_seals', x.n, 'oldest_seal_id', x.oldest_id, 'receiver_configured', x.configured) as metadata,
  ('seal_anchoring_off_' || x.chain)::text as cache_key
from (
  select s.chain, count(*) as n, min(s.id) as oldest_id, min(s.sealed_at) as oldest_at,
         (coalesce(pg_catalog.current_setting('ssot.seal_anchor_url', true), '') <> ''
          or exists (select from control_plane.secrets k where k.name = 'seal_anchor_url')) as configured
  from (
    select 'ops.events'::text as chain, e.id, e.sealed_at from ops.event_seals e
    union all
    select 'control_plane.access_log', a.id, a.sealed_at from control_plane.access_log_seals a
  ) s
  where s.sealed_at < pg_catalog.now() - interval '1 hour'
    and s.id > coalesce((select max(r.seal_id) from ops.seal_anchors r where r.chain = s.chain), 0)
  group by s.chain
) x;
comment on view advisor.lint_seal_anchoring_off is 'Lint: seal chains with seals older than an hour that the external anchor receiver has not acknowledged (WARN).';
