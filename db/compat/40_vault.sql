-- replaces-extension: supabase_vault
--
-- Supabase Vault's API for a PostgreSQL without the supabase_vault extension (where the extension
-- is available the bootstrap creates it instead and skips this file; see src/bootstrap/bootstrap.ts).
--
-- Secrets are encrypted with pgcrypto (OpenPGP symmetric, AES-256, integrity-protected) under a
-- root key that never enters the database. The key is 256 random bits, so OpenPGP's iterated key
-- stretching (s2k-mode 3, made for passwords) would only slow every read: s2k-mode 1 (salted).
-- The root key is a file, `ssot_vault.key` in the server's data directory, written by the server
-- itself (so it belongs to the server user, mode 0600) and read with
-- pg_read_file by SECURITY DEFINER functions. A dump holds ciphertext only; a restart keeps every
-- secret readable. The plaintext is bound to the row id, so ciphertexts cannot be swapped.
create schema if not exists vault;
comment on schema vault is 'Supabase Vault API (compat): encrypted secrets; read and written only by the owner and the project''s audited SECURITY DEFINER functions, never by an API role.';
revoke all on schema vault from public;

-- The root key file, created once by the server process through a pipe (so the key is never in
-- SQL text or a log) with mode 0600; an existing file is tightened to 0600 on every bootstrap.
do $$
declare
  key_path text := current_setting('data_directory') || '/ssot_vault.key';
  sh_path text := '''' || replace(key_path, '''', '''"''"''') || '''';
begin
  if pg_catalog.pg_read_file('ssot_vault.key', 0, 64, true) is null then
    execute format('copy (select encode(extensions.gen_random_bytes(32), %L)) to program %L',
                   'hex', 'umask 077 && cat > ' || sh_path);
  end if;
  execute format('copy (select 1) to program %L', 'chmod 600 ' || sh_path || ' && cat > /dev/null');
end
$$;

create table if not exists vault.secrets (
  id uuid primary key default extensions.gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;
comment on table vault.secrets is 'Encrypted secrets (ciphertext, base64). Insert or update the plaintext in `secret`: a trigger encrypts it.';
comment on column vault.secrets.secret is 'Ciphertext; written as plaintext, encrypted by the _100_encrypt trigger.';
comment on column vault.secrets.key_id is 'Kept for API compatibility with supabase_vault; the compat vault has one root key.';

create or replace function vault._root_key() returns text
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  k text := pg_catalog.btrim(pg_catalog.pg_read_file('ssot_vault.key', 0, 128, true), E' \n');
begin
  if k is null or length(k) < 64 then
    raise exception 'vault root key missing or unreadable (ssot_vault.key in the data directory)'
      using errcode = 'SS201', hint = 'run the ssot bootstrap as a superuser to create it';
  end if;
  return k;
end
$$;
comment on function vault._root_key() is 'The root key from the server''s data directory; callable only by the vault''s own functions.';
revoke all on function vault._root_key() from public;

create or replace function vault._encrypt(id uuid, plaintext text) returns text
language sql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.encode(
    extensions.pgp_sym_encrypt(id::text || E'\n' || plaintext, vault._root_key(), 'cipher-algo=aes256, compress-algo=0, s2k-mode=1'),
    'base64')
$$;
comment on function vault._encrypt(uuid, text) is 'Encrypts a secret bound to its row id.';
revoke all on function vault._encrypt(uuid, text) from public;

create or replace function vault._decrypt(id uuid, ciphertext text) returns text
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  plain text;
begin
  plain := extensions.pgp_sym_decrypt(pg_catalog.decode(ciphertext, 'base64'), vault._root_key());
  if pg_catalog.split_part(plain, E'\n', 1) <> id::text then
    raise exception 'vault secret % does not belong to its row (ciphertext moved?)', id using errcode = 'SS202';
  end if;
  return pg_catalog.substr(plain, length(id::text) + 2);
end
$$;
comment on function vault._decrypt(uuid, text) is 'Decrypts a secret and checks it belongs to its row.';
revoke all on function vault._decrypt(uuid, text) from public;

create or replace function vault.tg_secrets__encrypt() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'INSERT' or new.secret is distinct from old.secret or new.id is distinct from old.id then
    new.secret := vault._encrypt(new.id, new.secret);
  end if;
  new.updated_at := now();
  return new;
end
$$;
comment on function vault.tg_secrets__encrypt() is 'Encrypts the plaintext written to vault.secrets.secret.';
revoke all on function vault.tg_secrets__encrypt() from public;

drop trigger if exists _100_encrypt on vault.secrets;
create trigger _100_encrypt before insert or update on vault.secrets
  for each row execute function vault.tg_secrets__encrypt();

create or replace view vault.decrypted_secrets as
  select s.id, s.name, s.description, s.secret,
         vault._decrypt(s.id, s.secret) as decrypted_secret,
         s.key_id, s.nonce, s.created_at, s.updated_at
    from vault.secrets s;
comment on view vault.decrypted_secrets is 'Secrets with their plaintext; readable by the owner (and the project''s SECURITY DEFINER readers) only.';

create or replace function vault.create_secret(
  new_secret text, new_name text default null, new_description text default '', new_key_id uuid default null
) returns uuid
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  rec_id uuid;
begin
  if new_secret is null then
    raise exception 'vault.create_secret: new_secret must not be NULL' using errcode = 'SS203';
  end if;
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id into rec_id;
  return rec_id;
end
$$;
comment on function vault.create_secret(text, text, text, uuid) is 'Stores a new encrypted secret and returns its id (supabase_vault API).';

create or replace function vault.update_secret(
  secret_id uuid, new_secret text default null, new_name text default null,
  new_description text default null, new_key_id uuid default null
) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update vault.secrets s
     set secret = coalesce(new_secret, vault._decrypt(s.id, s.secret)),
         name = coalesce(new_name, s.name),
         description = coalesce(new_description, s.description),
         key_id = coalesce(new_key_id, s.key_id)
   where s.id = secret_id;
  if not found then
    raise exception 'vault.update_secret: no secret with id %', secret_id using errcode = 'SS204';
  end if;
end
$$;
comment on function vault.update_secret(uuid, text, text, text, uuid) is 'Updates a secret in place, re-encrypting a new value (supabase_vault API).';

-- Only the owner and the project's SECURITY DEFINER readers (owned by the migration owner) read or
-- write the vault; no API role does, service_role included: a bot reads a secret through the audited
-- accessor (public.control_plane_request_secret + control_plane_redeem_secret), and writes go through `ssot secret set` and the
-- rotation functions, which log. The root bootstrap revokes the same on Supabase where it may
-- (revokeVaultAccess); `ssot check` fails while an API role holds any of it (vault_direct_access).
revoke all on schema vault from public, anon, authenticated, service_role;
revoke all on all tables in schema vault from public, anon, authenticated, service_role;
revoke all on all functions in schema vault from public, anon, authenticated, service_role;
