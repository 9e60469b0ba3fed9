-- advisor.lint_no_primary_key (splinter 0004): tables of ours without a primary key, partitions
-- included and partitioned parents not.
begin;
select plan(6);

select is_empty($$select detail from advisor.lint_no_primary_key where name = 'no_primary_key'$$, 'every table of the migrated database has a primary key');

create table ops.t_nopk (a int not null, b text unique);
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'no_primary_key'$$,
  $$values ('INFO'::text, 'EXTERNAL'::text, array['PERFORMANCE']::text[], 'No Primary Key'::text,
            '{"schema": "ops", "name": "t_nopk", "type": "table"}'::jsonb, 'no_primary_key_ops_t_nopk'::text)$$,
  'a table without a primary key (a unique key is not one) is reported under splinter''s name, metadata and cache_key');
alter table ops.t_nopk add primary key (a);
select is_empty($$select detail from advisor.lint_no_primary_key where name = 'no_primary_key'$$, 'quiet once it has one');

create table ops.t_parted (id int, at date) partition by range (at);
create table ops.t_parted_2026 partition of ops.t_parted for values from ('2026-01-01') to ('2027-01-01');
select results_eq($$select metadata ->> 'name' from advisor.lint_no_primary_key where name = 'no_primary_key'$$, $$values ('t_parted_2026'::text)$$,
  'a partition without a key is reported, its partitioned parent is not (as splinter)');
alter table ops.t_parted add primary key (id, at);
select is_empty($$select detail from advisor.lint_no_primary_key where name = 'no_primary_key'$$, 'a partition inherits its parent''s primary key');

create table tests.t_nopk (a int);
select is_empty($$select detail from advisor.lint_no_primary_key where name = 'no_primary_key'$$, 'tables in schemas not ours (here the test helpers'') are not reported');

select * from finish();
rollback;
