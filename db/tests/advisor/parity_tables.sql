-- The splinter-named lints on tables, columns and extensions (0001, 0014, 0018) answer as splinter
-- does: each fires on an object planted for it, under splinter's name, level, metadata keys and
-- cache_key, and is quiet once the object is fixed. (0009 is in duplicate_index.sql.)
begin;
select plan(12);

create function pg_temp.keys(m jsonb) returns text[] language sql immutable as $$ select array_agg(k order by k) from jsonb_object_keys(m) k $$;

-- 0001 unindexed_foreign_keys: the key's columns, in order, lead a valid index
create table ops.t_par_parent (a int, b int, primary key (a, b));
create table ops.t_par_child (id int primary key, a int, b int, constraint t_par_child_fk foreign key (a, b) references ops.t_par_parent (a, b));
select results_eq($$select level, facing, title, pg_temp.keys(metadata), metadata -> 'fkey_name', metadata -> 'fkey_columns', cache_key
                     from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' = 't_par_child'$$,
  $$values ('INFO'::text, 'EXTERNAL'::text, 'Unindexed foreign keys'::text, array['fkey_columns', 'fkey_name', 'name', 'schema', 'type'],
            '"t_par_child_fk"'::jsonb, '[2, 3]'::jsonb, 'unindexed_foreign_keys_ops_t_par_child_t_par_child_fk'::text)$$,
  'unindexed_foreign_keys fires on a key without an index: fkey_name and fkey_columns (attribute numbers), EXTERNAL');
create index t_par_child_ba on ops.t_par_child (b, a);
select ok(exists (select from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' = 't_par_child'),
  'an index on the same columns in another order does not cover the key');
create index t_par_child_ab on ops.t_par_child (a, b, id);
select is_empty($$select from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' = 't_par_child'$$,
  'unindexed_foreign_keys is quiet once an index leads with the key''s columns in order');
drop table ops.t_par_child;

-- partitions carry their own copy of the key; an index still invalid does not cover it
create table ops.t_par_parts (id int, a int, b int, at date not null, foreign key (a, b) references ops.t_par_parent (a, b)) partition by range (at);
create table ops.t_par_parts_1 partition of ops.t_par_parts for values from ('2020-01-01') to ('2021-01-01');
select is((select array_agg(metadata ->> 'name' order by metadata ->> 'name') from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' like 't\_par\_parts%'),
  array['t_par_parts', 't_par_parts_1'], 'unindexed_foreign_keys judges a partitioned table and its partitions');
create index t_par_parts_ab on only ops.t_par_parts (a, b);
select is((select array_agg(metadata ->> 'name' order by metadata ->> 'name') from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' like 't\_par\_parts%'),
  array['t_par_parts', 't_par_parts_1'], 'an invalid index (on only the partitioned table, no partition''s attached yet) covers nothing');
create index t_par_parts_1_ab on ops.t_par_parts_1 (a, b);
alter index ops.t_par_parts_ab attach partition ops.t_par_parts_1_ab;
select is_empty($$select from advisor.lints() where name = 'unindexed_foreign_keys' and metadata ->> 'name' like 't\_par\_parts%'$$,
  'quiet once the index is valid: the partitioned table''s and the partition''s');
drop table ops.t_par_parts, ops.t_par_parent;

-- 0014 extension_in_public
create extension citext schema public;
select results_eq($$select level, pg_temp.keys(metadata), metadata ->> 'schema', metadata ->> 'type', cache_key from advisor.lints()
                     where name = 'extension_in_public' and metadata ->> 'name' = 'citext'$$,
  $$values ('WARN'::text, array['name', 'schema', 'type'], 'public'::text, 'extension'::text, 'extension_in_public_citext'::text)$$,
  'extension_in_public fires on an extension installed in public');
drop extension citext;
select is_empty($$select from advisor.lints() where name = 'extension_in_public'$$, 'extension_in_public is quiet once it is out of public');

-- 0018 unsupported_reg_types: every relation kind, metadata type 'table'
create table ops.t_par_reg (cfg regconfig, fn regproc, tbl regclass, role_ regrole, typ regtype);
create view ops.v_par_reg as select cfg from ops.t_par_reg;
select results_eq($$select metadata ->> 'name', metadata ->> 'column', level, pg_temp.keys(metadata), metadata ->> 'type', cache_key from advisor.lints()
                     where name = 'unsupported_reg_types' and metadata ->> 'name' like '%\_par\_reg' order by 1, 2$$,
  $$values ('t_par_reg'::text, 'cfg'::text, 'WARN'::text, array['column', 'name', 'schema', 'type'], 'table'::text, 'unsupported_reg_types_ops_t_par_reg_cfg'::text),
           ('t_par_reg', 'fn', 'WARN', array['column', 'name', 'schema', 'type'], 'table', 'unsupported_reg_types_ops_t_par_reg_fn'),
           ('v_par_reg', 'cfg', 'WARN', array['column', 'name', 'schema', 'type'], 'table', 'unsupported_reg_types_ops_v_par_reg_cfg')$$,
  'unsupported_reg_types flags regconfig and regproc columns of a table and a view (type ''table''), not regclass, regrole or regtype');
drop view ops.v_par_reg;
alter table ops.t_par_reg alter column cfg type text, alter column fn type text;
select is_empty($$select from advisor.lints() where name = 'unsupported_reg_types' and metadata ->> 'name' like '%\_par\_reg'$$,
  'unsupported_reg_types is quiet once the columns are text');
drop table ops.t_par_reg;
create table auth.t_par_reg (cfg regconfig);
select results_eq($$select cache_key from advisor.lints() where name = 'unsupported_reg_types' and metadata ->> 'schema' = 'auth'$$,
  $$values ('unsupported_reg_types_auth_t_par_reg_cfg'::text)$$,
  'unsupported_reg_types judges the platform''s schemas too (all but pg_catalog, information_schema and pgsodium), as splinter: any such column blocks the upgrade');
drop table auth.t_par_reg;
select is_empty($$select from advisor.lints() where name = 'unsupported_reg_types'$$, 'no such column anywhere in the database otherwise');

select * from finish();
rollback;
