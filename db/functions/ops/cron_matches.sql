-- ops.cron_matches: does a pg_cron schedule (UTC, as pg_cron runs) fire at minute `at`?
-- ops.cron_normalize reads what pg_cron reads: 5 fields with numbers, `*`, ranges `a-b`, lists
-- `a,b`, steps `*/n`, `a-b/n`, month names jan-dec and day names sun-sat (any case), day-of-week
-- 0-7 (0 and 7 are Sunday); the shorthands @yearly, @annually, @monthly, @weekly, @daily,
-- @midnight, @hourly and @reboot; and, from pg_cron 1.5, `$` (last day of the month) and
-- `N seconds`. When both day fields are restricted either may match (cron's rule). @reboot never
-- fires on the clock; an `N seconds` job fires in every minute. Anything else gives NULL:
-- unknown, not "never".
create or replace function ops.cron_normalize(schedule text)
returns text
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  s text := pg_catalog.lower(pg_catalog.btrim(schedule));
  f text[];
  names text[];
begin
  if s is null then
    return null;
  end if;
  s := case s
    when '@yearly' then '0 0 1 1 *' when '@annually' then '0 0 1 1 *' when '@monthly' then '0 0 1 * *'
    when '@weekly' then '0 0 * * 0' when '@daily' then '0 0 * * *' when '@midnight' then '0 0 * * *'
    when '@hourly' then '0 * * * *' else s end;
  if s = '@reboot' then
    return s;
  end if;
  if s ~ '^([1-9]|[1-5][0-9]) seconds?$' then
    return pg_catalog.split_part(s, ' ', 1) || ' seconds';
  end if;
  f := pg_catalog.regexp_split_to_array(s, '\s+');
  if pg_catalog.array_length(f, 1) <> 5 then
    return null;
  end if;
  names := array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  for i in 1..12 loop
    exit when f[4] !~ '[a-z]';
    f[4] := pg_catalog.regexp_replace(f[4], '\m' || names[i] || '\M', i::text, 'g');
  end loop;
  names := array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  for i in 1..7 loop
    exit when f[5] !~ '[a-z]';
    f[5] := pg_catalog.regexp_replace(f[5], '\m' || names[i] || '\M', (i - 1)::text, 'g');
  end loop;
  if not (f[1] ~ '^[0-9*,/-]+$' and f[2] ~ '^[0-9*,/-]+$' and (f[3] = '$' or f[3] ~ '^[0-9*,/-]+$')
          and f[4] ~ '^[0-9*,/-]+$' and f[5] ~ '^[0-9*,/-]+$') then
    return null;
  end if;
  return pg_catalog.array_to_string(f, ' ');
end
$$;
comment on function ops.cron_normalize(text) is 'A pg_cron schedule as 5 numeric fields (names and @shorthands resolved), ''@reboot'', ''N seconds'', or NULL when it cannot be read.';

create or replace function ops.cron_field_matches(field text, v int, lo int, hi int)
returns boolean
language plpgsql immutable strict
set search_path = pg_catalog, pg_temp
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

create or replace function ops.cron_matches_normalized(n text, at timestamptz)
returns boolean
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  f text[];
  t timestamp := at at time zone 'UTC';
  dow int := extract(dow from t)::int;
  dom_ok boolean;
  dow_ok boolean;
begin
  if n is null then
    return null;
  elsif n = '@reboot' then
    return false;
  elsif n ~ ' seconds$' then
    return true;
  end if;
  f := pg_catalog.string_to_array(n, ' ');
  if not ops.cron_field_matches(f[1], extract(minute from t)::int, 0, 59)
     or not ops.cron_field_matches(f[2], extract(hour from t)::int, 0, 23)
     or not ops.cron_field_matches(f[4], extract(month from t)::int, 1, 12) then
    return false;
  end if;
  if f[3] = '$' then
    dom_ok := (t::date + 1) = pg_catalog.date_trunc('month', t + interval '1 month')::date;
  else
    dom_ok := ops.cron_field_matches(f[3], extract(day from t)::int, 1, 31);
  end if;
  dow_ok := ops.cron_field_matches(f[5], dow, 0, 7) or (dow = 0 and ops.cron_field_matches(f[5], 7, 0, 7));
  if f[3] <> '*' and f[5] <> '*' then
    return dom_ok or dow_ok;
  end if;
  return dom_ok and dow_ok;
end
$$;
comment on function ops.cron_matches_normalized(text, timestamptz) is 'ops.cron_matches for a schedule already passed through ops.cron_normalize (read once, matched many times).';

create or replace function ops.cron_matches(schedule text, at timestamptz)
returns boolean
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select ops.cron_matches_normalized(ops.cron_normalize(schedule), at)
$$;
comment on function ops.cron_matches(text, timestamptz) is 'Whether a pg_cron schedule (UTC) fires at the minute of `at`: false for @reboot, true in every minute for N seconds; NULL for syntax it does not read.';

create or replace function ops.cron_fire_times(schedule text, after timestamptz, upto timestamptz)
returns setof timestamptz
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  -- minute by minute, at most 7 days back from `upto`; the schedule is read once
  select g.t
    from (select ops.cron_normalize(schedule) as n) s,
         pg_catalog.generate_series(
           pg_catalog.date_trunc('minute', greatest(after, upto - interval '7 days')) + interval '1 minute',
           upto, interval '1 minute') as g(t)
   where ops.cron_matches_normalized(s.n, g.t)
$$;
comment on function ops.cron_fire_times(text, timestamptz, timestamptz) is 'The minutes in (after, upto] at which a schedule fires (the window is capped at 7 days; an N seconds job counts once per minute).';
