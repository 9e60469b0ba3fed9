-- The lints' one row type: every lint view and lint function has exactly the columns of
-- advisor.lint, and advisor.lints() returns them most severe first (ERROR, WARN, INFO), then by name.
begin;
select plan(7);

select is((select array_agg(attname::text || ' ' || format_type(atttypid, atttypmod) order by attnum)
             from pg_attribute where attrelid = 'advisor.lint'::regclass and attnum > 0),
  array['name text', 'title text', 'level text', 'facing text', 'categories text[]', 'description text',
        'detail text', 'remediation text', 'metadata jsonb', 'cache_key text'],
  'advisor.lint is splinter''s row shape');
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'advisor' and c.relkind = 'v' and c.relname like 'lint\_%'
     and (select array_agg(a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) order by a.attnum)
            from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)
         is distinct from
         (select array_agg(a.attname::text || ' ' || format_type(a.atttypid, a.atttypmod) order by a.attnum)
            from pg_attribute a where a.attrelid = 'advisor.lint'::regclass and a.attnum > 0)$$,
  'every lint view has exactly the columns of advisor.lint, in its order and types');
select ok((select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'advisor' and p.proname like '\_lint\_%') >= 8,
  'the lints computed by a function are there (the view of each selects from it)');
select is_empty($$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'advisor' and (p.proname like '\_lint\_%' or p.proname = 'lints')
     and not (p.proretset and p.prorettype = 'advisor.lint'::regtype)$$,
  'every lint function, and advisor.lints(), returns setof advisor.lint');

-- the order: made-up lints of each level, named against it
create view advisor.lint_t_order_a with (security_invoker = true) as
  select 't_order_a'::text as name, 'Probe'::text as title, 'INFO'::text as level, 'INTERNAL'::text as facing, array['TEST']::text[] as categories,
         'd'::text as description, 'a'::text as detail, 'r'::text as remediation, '{}'::jsonb as metadata, 't_order_a_1'::text as cache_key;
create view advisor.lint_t_order_b with (security_invoker = true) as
  select 't_order_b'::text as name, 'Probe'::text as title, v.level, 'INTERNAL'::text as facing, array['TEST']::text[] as categories,
         'd'::text as description, 'b'::text as detail, 'r'::text as remediation, '{}'::jsonb as metadata, v.cache_key
    from (values ('WARN'::text, 't_order_b_2'::text), ('ERROR', 't_order_b_1'), ('WARN', 't_order_b_1')) v(level, cache_key);
create view advisor.lint_t_order_c with (security_invoker = true) as
  select 't_order_c'::text as name, 'Probe'::text as title, 'ERROR'::text as level, 'INTERNAL'::text as facing, array['TEST']::text[] as categories,
         'd'::text as description, 'c'::text as detail, 'r'::text as remediation, '{}'::jsonb as metadata, 't_order_c_1'::text as cache_key;
select results_eq($$
  select l.level, l.name, l.cache_key from advisor.lints() with ordinality l where l.name like 't\_order\_%' order by l.ordinality$$,
  $$values ('ERROR'::text, 't_order_b'::text, 't_order_b_1'::text), ('ERROR', 't_order_c', 't_order_c_1'),
           ('WARN', 't_order_b', 't_order_b_1'), ('WARN', 't_order_b', 't_order_b_2'), ('INFO', 't_order_a', 't_order_a_1')$$,
  'advisor.lints() returns ERROR, then WARN, then INFO, each by name and cache_key');
select is_empty($$
  select 1 from (
    select l.level, lag(l.level) over (order by l.ordinality) as prev
      from advisor.lints() with ordinality l) x
   where array_position(array['ERROR', 'WARN', 'INFO'], x.level) < array_position(array['ERROR', 'WARN', 'INFO'], x.prev)$$,
  'no lint of the database comes after a less severe one');

-- a lint view of another shape is refused by advisor.lints(), not silently mixed in
create view advisor.lint_t_order_bad with (security_invoker = true) as
  select 't_order_bad'::text as name, 'Probe'::text as title, 'INFO'::text as level, 'INTERNAL'::text as facing, array['TEST']::text[] as categories,
         'd'::text as description, 'x'::text as detail, 'r'::text as remediation, '{}'::jsonb as metadata, 1 as cache_key;
select throws_ok($$select * from advisor.lints()$$, '42804', null, 'a lint view whose columns differ from advisor.lint makes advisor.lints() fail');

select * from finish();
rollback;
