-- ops.cron_matches: does a 5-field cron schedule (UTC, as pg_cron 1.4 runs) fire at minute `at`?
-- Numbers, `*`, ranges `a-b`, lists `a,b` and steps `*/n`, `a-b/n`; day-of-week 0-7 (0 and 7 are
-- Sunday); when both day fields are restricted either may match (cron's rule). Anything else
-- (names, @daily, seconds) gives NULL: unknown, not "never".
create or replace function ops.cron_field_matches(field text, v int, lo int, hi int)
returns boolean
language plpgsql immutable strict
set search_path = ''
as $$
declare
  part text;
  rng text;
  step int;
  a int;
  b int;
begin
  foreach part in array pg_catalog.string_to_array(field, ',') loop
    step := 1;
    rng := part;
    if pg_catalog.strpos(part, '/') > 0 then
      rng := pg_catalog.split_part(part, '/', 1);
      step := pg_catalog.split_part(part, '/', 2)::int;
    end if;
    if rng = '*' then
      a := lo; b := hi;
    elsif pg_catalog.strpos(rng, '-') > 0 then
      a := pg_catalog.split_part(rng, '-', 1)::int; b := pg_catalog.split_part(rng, '-', 2)::int;
    else
      a := rng::int; b := case when pg_catalog.strpos(part, '/') > 0 then hi else a end;
    end if;
    if v between a and b and (v - a) % step = 0 then
      return true;
    end if;
  end loop;
  return false;
exception when invalid_text_representation or division_by_zero then
  return null;
end
$$;
comment on function ops.cron_field_matches(text, int, int, int) is 'Whether one cron field (list, range, step) matches a value; NULL when the field cannot be read.';

create or replace function ops.cron_matches(schedule text, at timestamptz)
returns boolean
language plpgsql immutable
set search_path = ''
as $$
declare
  f text[] := pg_catalog.regexp_split_to_array(pg_catalog.btrim(schedule), '\s+');
  t timestamp := at at time zone 'UTC';
  dow int := extract(dow from t)::int;
  dom_ok boolean;
  dow_ok boolean;
begin
  if pg_catalog.array_length(f, 1) <> 5 or schedule ~ '[A-Za-z@$?LW#]' then
    return null;
  end if;
  if not ops.cron_field_matches(f[1], extract(minute from t)::int, 0, 59)
     or not ops.cron_field_matches(f[2], extract(hour from t)::int, 0, 23)
     or not ops.cron_field_matches(f[4], extract(month from t)::int, 1, 12) then
    return false;
  end if;
  dom_ok := ops.cron_field_matches(f[3], extract(day from t)::int, 1, 31);
  dow_ok := ops.cron_field_matches(f[5], dow, 0, 7) or (dow = 0 and ops.cron_field_matches(f[5], 7, 0, 7));
  if f[3] <> '*' and f[5] <> '*' then
    return dom_ok or dow_ok;
  end if;
  return dom_ok and dow_ok;
end
$$;
comment on function ops.cron_matches(text, timestamptz) is 'Whether a 5-field UTC cron schedule fires at the minute of `at`; NULL for syntax it does not read.';

create or replace function ops.cron_fire_times(schedule text, after timestamptz, upto timestamptz)
returns setof timestamptz
language sql immutable
set search_path = ''
as $$
  -- minute by minute, at most 7 days back from `upto`
  select t from pg_catalog.generate_series(
           pg_catalog.date_trunc('minute', greatest(after, upto - interval '7 days')) + interval '1 minute',
           upto, interval '1 minute') as g(t)
   where ops.cron_matches(schedule, t)
$$;
comment on function ops.cron_fire_times(text, timestamptz, timestamptz) is 'The minutes in (after, upto] at which a schedule fires (the window is capped at 7 days).';
