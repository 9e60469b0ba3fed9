-- auth.uid(), auth.jwt(), auth.role(), auth.email() read PostgREST's request.jwt.claims.
begin;
select plan(10);

select is(auth.uid(), null, 'auth.uid() is NULL outside a request');
select is(auth.jwt(), null, 'auth.jwt() is NULL outside a request');

select tests.as_user('8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e', '{"email": "ana@example.com", "app_metadata": {"bot": "bugbot"}}');
select is(auth.uid(), '8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.email(), 'ana@example.com', 'auth.email() is the email claim');
select is(auth.jwt() -> 'app_metadata' ->> 'bot', 'bugbot', 'auth.jwt() holds every claim');
select is(current_user::text, 'authenticated', 'the transaction runs as authenticated');
select tests.as_root();

-- the older per-claim setting wins, as in Supabase
select set_config('request.jwt.claim.sub', 'b1e4b0b2-0000-4000-8000-000000000001', true);
select is(auth.uid(), 'b1e4b0b2-0000-4000-8000-000000000001'::uuid, 'request.jwt.claim.sub is honoured');
select set_config('request.jwt.claim.sub', '', true);

select tests.as_anon();
select is(auth.uid(), null, 'anon has no uid');
select throws_ok($$ select 'not-a-uuid'::uuid $$, '22P02', null, 'a malformed uuid is refused');

select * from finish();
rollback;
