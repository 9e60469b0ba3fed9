-- control_plane.rotations_due: every registered secret against its cadence.
create or replace view control_plane.rotations_due
with (security_invoker = true)
as
select s.name,
       s.owner,
       s.cadence,
       s.last_rotated_at,
       s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end as due_at,
       case
         when s.vault_secret_id is null then 'unset'
         when s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end < now() then 'overdue'
         when s.last_rotated_at + case s.cadence when 'quarterly' then interval '3 months' else interval '1 year' end < now() + interval '14 days' then 'due'
         else 'ok'
       end as state
  from control_plane.secrets s;
comment on view control_plane.rotations_due is 'Each registered secret with its due date (last rotation + quarterly 3 months / annually 1 year) and state: unset, overdue, due (within 14 days) or ok.';
