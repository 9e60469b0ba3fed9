-- advisor.sensitive_column_names(): the one list of column names that suggest personal or
-- credential data, as the sensitive_columns_exposed lint (splinter's 0023) matches them: a column
-- is sensitive when its name, lower-cased and with '-' read as '_', equals one of these names
-- exactly (api_keys or secret_name do not match; "Password" does). The same set as splinter's, so
-- the lint flags the same tables Supabase's dashboard does; add a name here, nowhere else.
create or replace function advisor.sensitive_column_names()
returns table (column_name text, category text)
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select l.n, v.category
    from (values
      ('credentials', array['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secret_key', 'private_key', 'api_key',
                            'apikey', 'auth_key', 'token', 'jwt', 'access_token', 'refresh_token', 'oauth_token',
                            'session_token', 'bearer_token', 'auth_code', 'session_id', 'session_key', 'session_secret',
                            'recovery_code', 'backup_code', 'verification_code', 'otp', 'two_factor', '2fa_secret', '2fa_code']),
      ('identity', array['ssn', 'social_security', 'social_security_number', 'driver_license', 'drivers_license',
                         'license_number', 'passport_number', 'passport_id', 'national_id', 'tax_id']),
      ('finance', array['credit_card', 'card_number', 'cvv', 'cvc', 'cvn', 'bank_account', 'account_number',
                        'routing_number', 'iban', 'swift_code', 'bic']),
      ('health', array['health_record', 'medical_record', 'patient_id', 'insurance_number', 'health_insurance',
                       'medical_insurance', 'treatment']),
      ('device', array['mac_address', 'macaddr', 'imei', 'device_uuid']),
      ('keys', array['pgp_key', 'gpg_key', 'ssh_key', 'certificate', 'license_key', 'activation_key']),
      ('biometrics', array['facial_recognition'])
    ) as v (category, names)
    cross join lateral pg_catalog.unnest(v.names) as l (n)
$$;
comment on function advisor.sensitive_column_names() is 'The one list of column names that suggest personal or credential data (credentials, identity, finance, health, device, keys, biometrics), matched exactly after lower-casing and reading - as _ by the sensitive_columns_exposed lint (splinter''s list).';
revoke execute on function advisor.sensitive_column_names() from public;
