-- control_plane.rotations_due: every registered credential against its cadence. A credential marked
-- exposed is due now, whatever its cadence, until a new value is set or a rotation is recorded.
-- "unset": a vault secret without a value, or an external credential whose rotation was never recorded.
create or replace view control_plane.rotations_due
with (security_invoker = true)
as
select s.name,
       s.owner,
       s.cadence,
       s.last_rotated_at,
       case when s.exposed_at is not null then s.exposed_at
            else s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end end as due_at,
       case
         when s.exposed_at is not null then 'exposed'
         when (s.location = 'vault' and s.vault_secret_id is null) or s.last_rotated_at is null then 'unset'
         when s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end < now() then 'overdue'
         when s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end < now() + interval '14 days' then 'due'
         else 'ok'
       end as state,
       s.location,
       s.held_by,
       s.exposed_at,
       s.exposed_reason
  from control_plane.secrets s;
comment on view control_plane.rotations_due is 'Each registered credential with its due date (last rotation + quarterly 3 months / annually 1 year; the exposure time when exposed) and state: exposed, unset (no value, or an external rotation never recorded), overdue, due (within 14 days) or ok; with where it lives.';
