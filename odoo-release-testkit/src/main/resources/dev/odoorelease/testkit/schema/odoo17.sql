-- =====================================================================================================
-- Odoo 17.0-shaped database fixture for odoo-release tests (test fixture, not product code).
--
-- What it is: the tables, columns, types, constraints, foreign keys and indexes that a real Odoo 17.0
-- database has for the models odoo-release touches (copy, neutralize, anonymize, snapshot, deploy),
-- with the rows a fresh database has after installing base, web, mail, contacts, payment,
-- payment_stripe, delivery, auth_oauth, auth_totp, hr, crm, website, iap, google/microsoft calendar
-- and gmail/outlook, and OCA queue_job. Column names and types follow the model definitions of the
-- real 17.0 sources (Odoo field -> column: Char varchar, Text/Html text, translated fields jsonb,
-- Many2one integer + FOREIGN KEY, Datetime timestamp without time zone, Float double precision or
-- numeric when it has digits, Monetary numeric, Binary attachment=False bytea). Only a subset of
-- each model's columns is present: the ones odoo-release reads or writes, plus what the real
-- neutralize.sql files and a realistic anonymization need.
--
-- Like Odoo's own base_data.sql: ir_act_server INHERITS ir_actions (PostgreSQL table inheritance),
-- so server-action ids come from ir_actions_id_seq; res_users.login is varchar(64) UNIQUE.
--
-- Loading: one psql run (or one JDBC execute) as the role that owns the (empty) database; no
-- superuser statement. pg_trgm: `CREATE EXTENSION IF NOT EXISTS pg_trgm` (as Odoo's
-- _create_empty_database does) runs inside a DO block that ignores insufficient_privilege, and the
-- one trigram index is only created when the extension is there. (pg_trgm is a trusted extension
-- since PostgreSQL 13, so a database owner may create it.)
--
-- Users: 1 __system__ (inactive), 2 admin (password "admin", a passlib pbkdf2-sha512 hash), 3 default
-- template, 4 public. No ir_attachment rows: the stand-in creates the asset bundles (and their
-- filestore files) on `-i base` or on the first /web/login.
--
-- Deterministic: fixed ids and values (database.uuid, secrets, dates) so two loads are identical.
-- The stand-in replaces database.uuid/secret/create_date after an `-i base` like Odoo's init does.
-- =====================================================================================================

SET client_min_messages = warning;

DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm not available (%), trigram index skipped', SQLERRM;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- base: the tables of odoo/addons/base/data/base_data.sql, completed with the ORM's columns
-- ---------------------------------------------------------------------------------------------

CREATE TABLE ir_actions (
    id serial NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    type varchar NOT NULL,
    help jsonb,
    binding_model_id integer,
    binding_type varchar NOT NULL DEFAULT 'action',
    binding_view_types varchar,
    PRIMARY KEY (id)
);
CREATE TABLE ir_act_window (PRIMARY KEY (id)) INHERITS (ir_actions);
CREATE TABLE ir_act_report_xml (PRIMARY KEY (id)) INHERITS (ir_actions);
CREATE TABLE ir_act_url (PRIMARY KEY (id)) INHERITS (ir_actions);
CREATE TABLE ir_act_server (PRIMARY KEY (id)) INHERITS (ir_actions);
CREATE TABLE ir_act_client (PRIMARY KEY (id)) INHERITS (ir_actions);

ALTER TABLE ir_act_server
    ADD COLUMN usage varchar NOT NULL DEFAULT 'ir_actions_server',
    ADD COLUMN state varchar NOT NULL DEFAULT 'object_write',
    ADD COLUMN sequence integer,
    ADD COLUMN model_id integer NOT NULL,
    ADD COLUMN model_name varchar,
    ADD COLUMN code text,
    ADD COLUMN crud_model_id integer,
    ADD COLUMN link_field_id integer,
    ADD COLUMN update_field_id integer,
    ADD COLUMN update_path varchar,
    ADD COLUMN update_related_model_id integer,
    ADD COLUMN update_m2m_operation varchar,
    ADD COLUMN update_boolean_value varchar,
    ADD COLUMN value text,
    ADD COLUMN evaluation_type varchar,
    ADD COLUMN resource_ref varchar,
    ADD COLUMN selection_value integer,
    ADD COLUMN webhook_url varchar,
    ADD COLUMN template_id integer,
    ADD COLUMN mail_post_autofollow boolean,
    ADD COLUMN mail_post_method varchar,
    ADD COLUMN activity_type_id integer,
    ADD COLUMN activity_summary varchar,
    ADD COLUMN activity_note text,
    ADD COLUMN activity_date_deadline_range integer,
    ADD COLUMN activity_date_deadline_range_type varchar,
    ADD COLUMN activity_user_type varchar,
    ADD COLUMN activity_user_id integer,
    ADD COLUMN activity_user_field_name varchar,
    ADD COLUMN website_path varchar,
    ADD COLUMN website_published boolean;

CREATE TABLE res_users (
    id serial NOT NULL,
    company_id integer,
    partner_id integer,
    active boolean DEFAULT true,
    create_date timestamp without time zone,
    login varchar(64) NOT NULL UNIQUE,
    password varchar DEFAULT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE res_groups (
    id serial NOT NULL,
    name jsonb NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    comment jsonb,
    share boolean,
    category_id integer,
    PRIMARY KEY (id)
);

CREATE TABLE ir_module_category (
    id serial NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_date timestamp without time zone,
    write_uid integer,
    parent_id integer REFERENCES ir_module_category ON DELETE SET NULL,
    name jsonb NOT NULL,
    description jsonb,
    sequence integer,
    visible boolean,
    exclusive boolean,
    PRIMARY KEY (id)
);

CREATE TABLE ir_module_module (
    id serial NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_date timestamp without time zone,
    write_uid integer,
    website character varying,
    summary jsonb,
    name character varying NOT NULL,
    author character varying,
    icon varchar,
    state character varying(16),
    latest_version character varying,
    shortdesc jsonb,
    category_id integer REFERENCES ir_module_category ON DELETE SET NULL,
    description jsonb,
    application boolean DEFAULT false,
    demo boolean DEFAULT false,
    web boolean DEFAULT false,
    license character varying(32),
    sequence integer DEFAULT 100,
    auto_install boolean DEFAULT false,
    to_buy boolean DEFAULT false,
    maintainer varchar,
    contributors text,
    published_version varchar,
    url varchar,
    menus_by_module text,
    reports_by_module text,
    views_by_module text,
    PRIMARY KEY (id),
    CONSTRAINT ir_module_module_name_uniq UNIQUE (name)
);

CREATE TABLE ir_module_module_dependency (
    id serial NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name character varying,
    module_id integer REFERENCES ir_module_module ON DELETE CASCADE,
    auto_install_required boolean DEFAULT true,
    PRIMARY KEY (id)
);

CREATE TABLE ir_model_data (
    id serial NOT NULL,
    create_uid integer,
    create_date timestamp without time zone DEFAULT (now() at time zone 'UTC'),
    write_date timestamp without time zone DEFAULT (now() at time zone 'UTC'),
    write_uid integer,
    res_id integer,
    noupdate boolean DEFAULT false,
    name varchar NOT NULL,
    module varchar NOT NULL,
    model varchar NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ir_model_data_name_nospaces CHECK (name NOT LIKE '% %')
);
CREATE UNIQUE INDEX ir_model_data_module_name_uniq_index ON ir_model_data (module, name);
CREATE INDEX ir_model_data_model_res_id_index ON ir_model_data (model, res_id);

CREATE TABLE res_currency (
    id serial,
    name varchar NOT NULL,
    symbol varchar NOT NULL,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    full_name varchar,
    rounding numeric,
    decimal_places integer,
    active boolean,
    position varchar,
    currency_unit_label varchar,
    currency_subunit_label varchar,
    PRIMARY KEY (id),
    CONSTRAINT res_currency_unique_name UNIQUE (name)
);

CREATE TABLE res_company (
    id serial,
    name varchar NOT NULL,
    partner_id integer NOT NULL,
    currency_id integer NOT NULL,
    sequence integer,
    create_date timestamp without time zone,
    create_uid integer,
    write_uid integer,
    write_date timestamp without time zone,
    active boolean,
    parent_id integer,
    parent_path varchar,
    report_header jsonb,
    report_footer jsonb,
    company_details jsonb,
    email varchar,
    phone varchar,
    mobile varchar,
    primary_color varchar,
    secondary_color varchar,
    layout_background varchar NOT NULL DEFAULT 'Blank',
    font varchar,
    external_report_layout_id integer,
    hr_presence_control_email_amount integer,
    hr_presence_control_ip_list varchar,
    employee_properties_definition jsonb,
    alias_domain_id integer,
    alias_domain_name varchar,
    email_primary_color varchar,
    email_secondary_color varchar,
    website_id integer,
    PRIMARY KEY (id),
    CONSTRAINT res_company_name_uniq UNIQUE (name)
);

CREATE TABLE res_partner (
    id serial,
    company_id integer,
    create_date timestamp without time zone,
    name varchar,
    create_uid integer,
    write_uid integer,
    write_date timestamp without time zone,
    complete_name varchar,
    date date,
    title integer,
    parent_id integer,
    ref varchar,
    lang varchar,
    tz varchar,
    user_id integer,
    vat varchar,
    company_registry varchar,
    website varchar,
    comment text,
    active boolean,
    employee boolean,
    function varchar,
    type varchar,
    street varchar,
    street2 varchar,
    zip varchar,
    city varchar,
    state_id integer,
    country_id integer,
    partner_latitude numeric,
    partner_longitude numeric,
    email varchar,
    phone varchar,
    mobile varchar,
    is_company boolean,
    industry_id integer,
    color integer,
    partner_share boolean,
    commercial_partner_id integer,
    commercial_company_name varchar,
    company_name varchar,
    -- mail.thread / mail.thread.blacklist / mail.thread.phone
    message_main_attachment_id integer,
    email_normalized varchar,
    message_bounce integer,
    phone_sanitized varchar,
    -- auth_signup
    signup_token varchar,
    signup_type varchar,
    signup_expiration timestamp without time zone,
    -- crm, website, delivery
    team_id integer,
    website_id integer,
    is_published boolean,
    PRIMARY KEY (id),
    CONSTRAINT res_partner_check_name CHECK ((type = 'contact' AND name IS NOT NULL) OR (type <> 'contact'))
);
CREATE INDEX res_partner__complete_name_index ON res_partner (complete_name);
CREATE INDEX res_partner__name_index ON res_partner (name);
CREATE INDEX res_partner__parent_id_index ON res_partner (parent_id);
CREATE INDEX res_partner__ref_index ON res_partner (ref);
CREATE INDEX res_partner__vat_index ON res_partner (vat);
CREATE INDEX res_partner__company_id_index ON res_partner (company_id);
CREATE INDEX res_partner__commercial_partner_id_index ON res_partner (commercial_partner_id);
CREATE INDEX res_partner__email_normalized_index ON res_partner (email_normalized);
CREATE INDEX res_partner__phone_sanitized_index ON res_partner (phone_sanitized) WHERE phone_sanitized IS NOT NULL;

ALTER TABLE res_users
    ADD COLUMN create_uid integer,
    ADD COLUMN write_uid integer,
    ADD COLUMN write_date timestamp without time zone,
    ADD COLUMN signature text,
    ADD COLUMN action_id integer,
    ADD COLUMN share boolean,
    ADD COLUMN notification_type varchar NOT NULL DEFAULT 'email',
    ADD COLUMN totp_secret varchar,
    ADD COLUMN oauth_provider_id integer,
    ADD COLUMN oauth_uid varchar,
    ADD COLUMN oauth_access_token varchar,
    ADD COLUMN target_sales_won integer,
    ADD COLUMN target_sales_done integer,
    ADD COLUMN website_id integer,
    ADD COLUMN google_calendar_account_id integer,
    ADD COLUMN microsoft_calendar_account_id integer,
    ADD COLUMN microsoft_calendar_rtoken varchar,
    ADD COLUMN microsoft_calendar_token varchar,
    ADD COLUMN microsoft_calendar_token_validity timestamp without time zone;

CREATE TABLE res_groups_users_rel (
    gid integer NOT NULL REFERENCES res_groups (id) ON DELETE CASCADE,
    uid integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
    PRIMARY KEY (gid, uid)
);
CREATE INDEX ON res_groups_users_rel (uid, gid);

CREATE TABLE res_company_users_rel (
    cid integer NOT NULL REFERENCES res_company (id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
    PRIMARY KEY (cid, user_id)
);

CREATE TABLE res_users_settings (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    user_id integer NOT NULL,
    is_discuss_sidebar_category_channel_open boolean,
    is_discuss_sidebar_category_chat_open boolean,
    push_to_talk_key varchar,
    use_push_to_talk boolean,
    voice_active_duration integer,
    CONSTRAINT res_users_settings_unique_user_id UNIQUE (user_id)
);

-- res.users.apikeys / auth_totp.device: created by ResUsersApikeys.init() with raw SQL (key = hash)
CREATE TABLE res_users_apikeys (
    id serial PRIMARY KEY,
    name varchar NOT NULL,
    user_id integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
    scope varchar,
    index varchar(8) NOT NULL CHECK (char_length(index) = 8),
    key varchar NOT NULL,
    create_date timestamp without time zone DEFAULT (now() at time zone 'utc')
);
CREATE INDEX res_users_apikeys_user_id_index_idx ON res_users_apikeys (user_id, index);

CREATE TABLE auth_totp_device (
    id serial PRIMARY KEY,
    name varchar NOT NULL,
    user_id integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
    scope varchar,
    index varchar(8) NOT NULL CHECK (char_length(index) = 8),
    key varchar NOT NULL,
    create_date timestamp without time zone DEFAULT (now() at time zone 'utc')
);
CREATE INDEX auth_totp_device_user_id_index_idx ON auth_totp_device (user_id, index);


CREATE TABLE res_country (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    code varchar(2),
    phone_code integer,
    currency_id integer,
    address_format text,
    vat_label jsonb,
    zip_required boolean,
    state_required boolean,
    CONSTRAINT res_country_code_uniq UNIQUE (code)
);

CREATE TABLE res_country_state (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    country_id integer NOT NULL,
    name varchar NOT NULL,
    code varchar NOT NULL,
    CONSTRAINT res_country_state_name_code_uniq UNIQUE (country_id, code)
);

CREATE TABLE res_lang (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    code varchar NOT NULL,
    iso_code varchar,
    url_code varchar NOT NULL,
    active boolean,
    direction varchar NOT NULL,
    date_format varchar NOT NULL,
    time_format varchar NOT NULL,
    week_start varchar NOT NULL,
    grouping varchar NOT NULL,
    decimal_point varchar NOT NULL,
    thousands_sep varchar,
    CONSTRAINT res_lang_name_uniq UNIQUE (name),
    CONSTRAINT res_lang_code_uniq UNIQUE (code),
    CONSTRAINT res_lang_url_code_uniq UNIQUE (url_code)
);

CREATE TABLE res_partner_title (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    shortcut jsonb
);

CREATE TABLE res_partner_industry (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb,
    full_name jsonb,
    active boolean
);

CREATE TABLE res_partner_category (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    color integer,
    parent_id integer REFERENCES res_partner_category (id) ON DELETE CASCADE,
    active boolean,
    parent_path varchar
);

CREATE TABLE res_partner_res_partner_category_rel (
    category_id integer NOT NULL REFERENCES res_partner_category (id) ON DELETE CASCADE,
    partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE CASCADE,
    PRIMARY KEY (category_id, partner_id)
);
CREATE INDEX ON res_partner_res_partner_category_rel (partner_id, category_id);

CREATE TABLE res_bank (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    street varchar,
    street2 varchar,
    zip varchar,
    city varchar,
    state integer,
    country integer,
    email varchar,
    phone varchar,
    active boolean,
    bic varchar
);

CREATE TABLE res_partner_bank (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    active boolean,
    acc_number varchar NOT NULL,
    sanitized_acc_number varchar,
    acc_holder_name varchar,
    partner_id integer NOT NULL,
    allow_out_payment boolean,
    bank_id integer,
    sequence integer,
    currency_id integer,
    company_id integer,
    CONSTRAINT res_partner_bank_unique_number UNIQUE (sanitized_acc_number, partner_id)
);
CREATE INDEX res_partner_bank__partner_id_index ON res_partner_bank (partner_id);

-- ir.model / ir.model.fields (a few rows: the models and tracked fields the fixtures refer to)
CREATE TABLE ir_model (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    model varchar NOT NULL,
    "order" varchar NOT NULL DEFAULT 'id',
    info text,
    state varchar DEFAULT 'manual',
    transient boolean,
    is_mail_thread boolean,
    is_mail_activity boolean,
    is_mail_blacklist boolean,
    CONSTRAINT ir_model_obj_name_uniq UNIQUE (model)
);

CREATE TABLE ir_model_fields (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    complete_name varchar,
    model varchar NOT NULL,
    relation varchar,
    relation_field varchar,
    model_id integer NOT NULL,
    field_description jsonb NOT NULL,
    help jsonb,
    ttype varchar NOT NULL,
    state varchar NOT NULL DEFAULT 'base',
    index boolean,
    copied boolean,
    related varchar,
    readonly boolean,
    required boolean,
    store boolean,
    translate boolean,
    tracking integer,
    CONSTRAINT ir_model_fields_name_unique UNIQUE (model, name)
);
CREATE INDEX ir_model_fields__model_id_index ON ir_model_fields (model_id);

-- company-dependent fields (res_partner.barcode, property_delivery_carrier_id) live here in 16/17
CREATE TABLE ir_property (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    res_id varchar,
    company_id integer,
    fields_id integer NOT NULL,
    value_float double precision,
    value_integer integer,
    value_text text,
    value_binary bytea,
    value_reference varchar,
    value_datetime timestamp without time zone,
    type varchar NOT NULL
);
CREATE UNIQUE INDEX ir_property_unique_index ON ir_property (fields_id, COALESCE(company_id, 0), COALESCE(res_id, ''));
CREATE INDEX ir_property__res_id_index ON ir_property (res_id);

CREATE TABLE ir_config_parameter (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    key varchar NOT NULL,
    value text NOT NULL,
    CONSTRAINT ir_config_parameter_key_uniq UNIQUE (key)
);

CREATE TABLE ir_cron (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    ir_actions_server_id integer NOT NULL,
    cron_name varchar,
    user_id integer NOT NULL,
    active boolean,
    interval_number integer,
    interval_type varchar,
    numbercall integer,
    doall boolean,
    nextcall timestamp without time zone NOT NULL,
    lastcall timestamp without time zone,
    priority integer
);

CREATE TABLE ir_cron_trigger (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    cron_id integer,
    call_at timestamp without time zone
);
CREATE INDEX ir_cron_trigger__call_at_index ON ir_cron_trigger (call_at);

CREATE TABLE ir_mail_server (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    from_filter varchar,
    smtp_host varchar,
    smtp_port integer,
    smtp_authentication varchar NOT NULL,
    smtp_user varchar,
    smtp_pass varchar,
    smtp_encryption varchar NOT NULL,
    smtp_ssl_certificate bytea,
    smtp_ssl_private_key bytea,
    smtp_debug boolean,
    sequence integer,
    active boolean,
    -- google_gmail / microsoft_outlook mixins
    google_gmail_authorization_code varchar,
    google_gmail_refresh_token varchar,
    google_gmail_access_token varchar,
    google_gmail_access_token_expiration integer,
    microsoft_outlook_refresh_token varchar,
    microsoft_outlook_access_token varchar,
    microsoft_outlook_access_token_expiration integer
);

CREATE TABLE ir_attachment (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    description text,
    res_model varchar,
    res_field varchar,
    res_id integer,
    company_id integer,
    type varchar NOT NULL,
    url varchar(1024),
    public boolean,
    access_token varchar,
    db_datas bytea,
    store_fname varchar,
    file_size integer,
    checksum varchar(40),
    mimetype varchar,
    index_content text,
    original_id integer,
    key varchar,
    website_id integer
);
CREATE INDEX ir_attachment_res_idx ON ir_attachment (res_model, res_id);
CREATE INDEX ir_attachment__checksum_index ON ir_attachment (checksum);
CREATE INDEX ir_attachment__store_fname_index ON ir_attachment (store_fname);
CREATE INDEX ir_attachment__url_index ON ir_attachment (url) WHERE url IS NOT NULL;
CREATE INDEX ir_attachment__res_field_index ON ir_attachment (res_field);

CREATE TABLE ir_ui_view (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    model varchar,
    key varchar,
    priority integer NOT NULL DEFAULT 16,
    type varchar,
    arch_db jsonb,
    arch_fs varchar,
    arch_updated boolean,
    arch_prev text,
    inherit_id integer,
    mode varchar NOT NULL DEFAULT 'primary',
    active boolean,
    website_id integer,
    track boolean,
    visibility varchar,
    visibility_password varchar,
    CONSTRAINT ir_ui_view_inheritance_mode CHECK (mode <> 'extension' OR inherit_id IS NOT NULL)
);
CREATE INDEX ir_ui_view__key_index ON ir_ui_view (key);
CREATE INDEX ir_ui_view__inherit_id_index ON ir_ui_view (inherit_id);
CREATE INDEX ir_ui_view__model_index ON ir_ui_view (model);

-- ---------------------------------------------------------------------------------------------
-- resource / hr
-- ---------------------------------------------------------------------------------------------
CREATE TABLE resource_calendar (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    active boolean,
    company_id integer,
    hours_per_day double precision,
    tz varchar NOT NULL
);

CREATE TABLE resource_resource (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    active boolean,
    company_id integer,
    resource_type varchar NOT NULL,
    user_id integer,
    time_efficiency double precision NOT NULL,
    calendar_id integer,
    tz varchar NOT NULL
);

CREATE TABLE hr_department (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    complete_name varchar,
    active boolean,
    company_id integer,
    parent_id integer,
    manager_id integer,
    parent_path varchar,
    color integer
);

CREATE TABLE hr_job (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    sequence integer,
    description text,
    department_id integer,
    company_id integer,
    active boolean
);

CREATE TABLE hr_departure_reason (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    sequence integer,
    name jsonb NOT NULL
);

CREATE TABLE hr_employee (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    resource_id integer NOT NULL,
    name varchar,
    active boolean,
    color integer,
    department_id integer,
    job_id integer,
    job_title varchar,
    company_id integer NOT NULL,
    address_id integer,
    work_phone varchar,
    mobile_phone varchar,
    work_email varchar,
    work_contact_id integer,
    work_location_id integer,
    user_id integer,
    resource_calendar_id integer,
    parent_id integer,
    coach_id integer,
    employee_type varchar NOT NULL,
    private_street varchar,
    private_street2 varchar,
    private_city varchar,
    private_state_id integer,
    private_zip varchar,
    private_country_id integer,
    private_phone varchar,
    private_email varchar,
    lang varchar,
    country_id integer,
    gender varchar,
    marital varchar,
    spouse_complete_name varchar,
    spouse_birthdate date,
    children integer,
    place_of_birth varchar,
    country_of_birth integer,
    birthday date,
    ssnid varchar,
    sinid varchar,
    identification_id varchar,
    passport_id varchar,
    bank_account_id integer,
    permit_no varchar,
    visa_no varchar,
    visa_expire date,
    work_permit_expiration_date date,
    work_permit_scheduled_activity boolean,
    additional_note text,
    certificate varchar,
    study_field varchar,
    study_school varchar,
    emergency_contact varchar,
    emergency_phone varchar,
    km_home_work integer,
    notes text,
    barcode varchar,
    pin varchar,
    departure_reason_id integer,
    departure_description text,
    departure_date date,
    message_main_attachment_id integer,
    private_car_plate varchar,
    employee_properties jsonb,
    CONSTRAINT hr_employee_barcode_uniq UNIQUE (barcode),
    CONSTRAINT hr_employee_user_uniq UNIQUE (user_id, company_id)
);
CREATE INDEX hr_employee__company_id_index ON hr_employee (company_id);
CREATE INDEX hr_employee__resource_id_index ON hr_employee (resource_id);

-- ---------------------------------------------------------------------------------------------
-- mail
-- ---------------------------------------------------------------------------------------------
CREATE TABLE mail_alias_domain (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    bounce_alias varchar NOT NULL,
    catchall_alias varchar NOT NULL,
    default_from varchar,
    sequence integer,
    CONSTRAINT mail_alias_domain_name_unique UNIQUE (name)
);

CREATE TABLE mail_message_subtype (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    description jsonb,
    internal boolean,
    parent_id integer,
    relation_field varchar,
    res_model varchar,
    "default" boolean,
    sequence integer,
    hidden boolean,
    track_recipients boolean
);

CREATE TABLE mail_message (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    subject varchar,
    date timestamp without time zone,
    body text,
    parent_id integer,
    model varchar,
    res_id integer,
    record_name varchar,
    record_alias_domain_id integer,
    record_company_id integer,
    message_type varchar NOT NULL,
    subtype_id integer,
    mail_activity_type_id integer,
    is_internal boolean,
    email_from varchar,
    author_id integer,
    author_guest_id integer,
    pinned_at timestamp without time zone,
    reply_to_force_new boolean,
    message_id varchar,
    reply_to varchar,
    mail_server_id integer,
    email_layout_xmlid varchar,
    email_add_signature boolean
);
CREATE INDEX mail_message_model_res_id_idx ON mail_message (model, res_id);
CREATE INDEX mail_message_model_res_id_id_idx ON mail_message (model, res_id, id);
CREATE INDEX mail_message__author_id_index ON mail_message (author_id);
CREATE INDEX mail_message__parent_id_index ON mail_message (parent_id);
CREATE INDEX mail_message__message_id_index ON mail_message (message_id);
CREATE INDEX mail_message__subtype_id_index ON mail_message (subtype_id);
CREATE INDEX mail_message__message_type_index ON mail_message (message_type);

CREATE TABLE mail_message_res_partner_rel (
    mail_message_id integer NOT NULL REFERENCES mail_message (id) ON DELETE CASCADE,
    res_partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE CASCADE,
    PRIMARY KEY (mail_message_id, res_partner_id)
);
CREATE INDEX ON mail_message_res_partner_rel (res_partner_id, mail_message_id);

CREATE TABLE message_attachment_rel (
    message_id integer NOT NULL REFERENCES mail_message (id) ON DELETE CASCADE,
    attachment_id integer NOT NULL REFERENCES ir_attachment (id) ON DELETE CASCADE,
    PRIMARY KEY (message_id, attachment_id)
);
CREATE INDEX ON message_attachment_rel (attachment_id, message_id);

CREATE TABLE mail_mail (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    mail_message_id integer NOT NULL,
    body_html text,
    "references" text,
    headers text,
    is_notification boolean,
    email_to text,
    email_cc varchar,
    state varchar,
    failure_type varchar,
    failure_reason text,
    auto_delete boolean,
    scheduled_date timestamp without time zone,
    fetchmail_server_id integer
);
CREATE INDEX mail_mail__mail_message_id_index ON mail_mail (mail_message_id);
CREATE INDEX mail_mail__state_index ON mail_mail (state);

CREATE TABLE mail_mail_res_partner_rel (
    mail_mail_id integer NOT NULL REFERENCES mail_mail (id) ON DELETE CASCADE,
    res_partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE CASCADE,
    PRIMARY KEY (mail_mail_id, res_partner_id)
);
CREATE INDEX ON mail_mail_res_partner_rel (res_partner_id, mail_mail_id);

CREATE TABLE mail_notification (
    id serial PRIMARY KEY,
    author_id integer,
    mail_message_id integer NOT NULL,
    mail_mail_id integer,
    res_partner_id integer,
    notification_type varchar NOT NULL,
    notification_status varchar,
    is_read boolean,
    read_date timestamp without time zone,
    failure_type varchar,
    failure_reason text
);
CREATE INDEX mail_notification__mail_message_id_index ON mail_notification (mail_message_id);
CREATE INDEX mail_notification__res_partner_id_index ON mail_notification (res_partner_id);

CREATE TABLE mail_followers (
    id serial PRIMARY KEY,
    res_model varchar NOT NULL,
    res_id integer,
    partner_id integer NOT NULL,
    CONSTRAINT mail_followers_mail_followers_res_partner_res_model_id_uniq UNIQUE (res_model, res_id, partner_id)
);
CREATE INDEX mail_followers_res_partner_res_model_id_idx ON mail_followers (res_model, res_id, partner_id);
CREATE INDEX mail_followers__partner_id_index ON mail_followers (partner_id);

CREATE TABLE mail_tracking_value (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    field_id integer,
    field_info jsonb,
    old_value_integer integer,
    old_value_float double precision,
    old_value_char varchar,
    old_value_text text,
    old_value_datetime timestamp without time zone,
    new_value_integer integer,
    new_value_float double precision,
    new_value_char varchar,
    new_value_text text,
    new_value_datetime timestamp without time zone,
    currency_id integer,
    mail_message_id integer NOT NULL
);
CREATE INDEX mail_tracking_value__mail_message_id_index ON mail_tracking_value (mail_message_id);

CREATE TABLE mail_template (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb,
    description jsonb,
    active boolean,
    model_id integer,
    model varchar,
    subject jsonb,
    email_from varchar,
    user_id integer,
    use_default_to boolean,
    email_to varchar,
    partner_to varchar,
    email_cc varchar,
    reply_to varchar,
    body_html jsonb,
    email_layout_xmlid varchar,
    mail_server_id integer,
    scheduled_date varchar,
    auto_delete boolean,
    ref_ir_act_window integer
);

CREATE TABLE fetchmail_server (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    active boolean,
    state varchar,
    server varchar,
    port integer,
    server_type varchar NOT NULL,
    is_ssl boolean,
    attach boolean,
    original boolean,
    date timestamp without time zone,
    "user" varchar,
    password varchar,
    object_id integer,
    priority integer,
    configuration text,
    script varchar,
    google_gmail_authorization_code varchar,
    google_gmail_refresh_token varchar,
    google_gmail_access_token varchar,
    google_gmail_access_token_expiration integer,
    microsoft_outlook_refresh_token varchar,
    microsoft_outlook_access_token varchar,
    microsoft_outlook_access_token_expiration integer
);

-- web push (17: mail_partner_device + mail_notification_web_push; truncated by mail's neutralize.sql)
CREATE TABLE mail_partner_device (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    partner_id integer NOT NULL,
    endpoint varchar NOT NULL,
    keys varchar NOT NULL,
    expiration_time timestamp without time zone,
    CONSTRAINT mail_partner_device_endpoint_unique UNIQUE (endpoint)
);
CREATE TABLE mail_notification_web_push (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    user_device integer NOT NULL,
    payload text
);

-- google_calendar / microsoft_calendar credentials (18 moved these to res_users_settings)
CREATE TABLE google_calendar_credentials (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    calendar_rtoken varchar,
    calendar_token varchar,
    calendar_token_validity timestamp without time zone,
    calendar_sync_token varchar,
    calendar_cal_id varchar,
    synchronization_stopped boolean
);
CREATE TABLE microsoft_calendar_credentials (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    calendar_sync_token varchar,
    synchronization_stopped boolean,
    last_sync_date timestamp without time zone
);

-- ---------------------------------------------------------------------------------------------
-- payment / payment_stripe / delivery / auth_oauth / iap / website / crm
-- ---------------------------------------------------------------------------------------------
CREATE TABLE payment_method (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    code varchar NOT NULL,
    sequence integer,
    primary_payment_method_id integer,
    active boolean,
    support_tokenization boolean,
    support_express_checkout boolean,
    support_refund varchar
);

CREATE TABLE payment_provider (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    sequence integer,
    code varchar NOT NULL,
    state varchar NOT NULL,
    is_published boolean,
    company_id integer NOT NULL,
    allow_tokenization boolean,
    capture_manually boolean,
    allow_express_checkout boolean,
    redirect_form_view_id integer,
    inline_form_view_id integer,
    token_inline_form_view_id integer,
    express_checkout_form_view_id integer,
    maximum_amount numeric,
    pre_msg jsonb,
    pending_msg jsonb,
    auth_msg jsonb,
    done_msg jsonb,
    cancel_msg jsonb,
    color integer,
    module_id integer,
    stripe_publishable_key varchar,
    stripe_secret_key varchar,
    stripe_webhook_secret varchar
);

CREATE TABLE payment_token (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    provider_id integer NOT NULL,
    payment_method_id integer NOT NULL,
    company_id integer,
    payment_details varchar,
    partner_id integer NOT NULL,
    provider_ref varchar NOT NULL,
    active boolean,
    stripe_payment_method varchar
   , stripe_mandate varchar
);
CREATE INDEX payment_token__partner_id_index ON payment_token (partner_id);

CREATE TABLE payment_transaction (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    provider_id integer NOT NULL,
    payment_method_id integer NOT NULL,
    company_id integer,
    reference varchar NOT NULL,
    provider_reference varchar,
    amount numeric NOT NULL,
    currency_id integer NOT NULL,
    token_id integer,
    state varchar NOT NULL,
    state_message text,
    last_state_change timestamp without time zone,
    operation varchar,
    source_transaction_id integer,
    is_post_processed boolean,
    tokenize boolean,
    landing_route varchar,
    callback_model_id integer,
    callback_res_id integer,
    callback_method varchar,
    callback_hash varchar,
    callback_is_done boolean,
    partner_id integer NOT NULL,
    partner_name varchar,
    partner_lang varchar,
    partner_email varchar,
    partner_address varchar,
    partner_zip varchar,
    partner_city varchar,
    partner_state_id integer,
    partner_country_id integer,
    partner_phone varchar,
    CONSTRAINT payment_transaction_reference_uniq UNIQUE (reference)
);
CREATE INDEX payment_transaction__partner_id_index ON payment_transaction (partner_id);

CREATE TABLE delivery_carrier (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    active boolean,
    sequence integer,
    delivery_type varchar NOT NULL,
    integration_level varchar,
    prod_environment boolean,
    debug_logging boolean,
    company_id integer,
    -- product.product is not part of this fixture: the column is kept, without its foreign key
    product_id integer NOT NULL,
    invoice_policy varchar NOT NULL,
    carrier_description jsonb,
    margin double precision,
    fixed_margin double precision,
    free_over boolean,
    amount double precision,
    return_label_on_delivery boolean,
    get_return_label_from_portal boolean,
    shipping_insurance integer,
    fixed_price double precision
);

CREATE TABLE auth_oauth_provider (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    client_id varchar,
    auth_endpoint varchar NOT NULL,
    scope varchar,
    validation_endpoint varchar NOT NULL,
    data_endpoint varchar,
    enabled boolean,
    css_class varchar,
    body jsonb NOT NULL,
    sequence integer
);


CREATE TABLE iap_account (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    service_name varchar,
    show_token boolean,
    account_token varchar
);

CREATE TABLE iap_account_res_company_rel (
    iap_account_id integer NOT NULL REFERENCES iap_account (id) ON DELETE CASCADE,
    res_company_id integer NOT NULL REFERENCES res_company (id) ON DELETE CASCADE,
    PRIMARY KEY (iap_account_id, res_company_id)
);

CREATE TABLE website (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    sequence integer,
    domain varchar,
    company_id integer NOT NULL,
    default_lang_id integer NOT NULL,
    auto_redirect_lang boolean,
    cookies_bar boolean,
    social_twitter varchar,
    social_facebook varchar,
    social_github varchar,
    social_linkedin varchar,
    social_youtube varchar,
    social_instagram varchar,
    social_tiktok varchar,
    has_social_default_image boolean,
    google_analytics_key varchar,
    google_search_console varchar,
    google_maps_api_key varchar,
    plausible_shared_key varchar,
    plausible_site varchar,
    user_id integer NOT NULL,
    cdn_activated boolean,
    cdn_url varchar,
    cdn_filters text,
    robots_txt text,
    homepage_url varchar,
    CONSTRAINT website_domain_unique UNIQUE (domain)
);

CREATE TABLE crm_team (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    sequence integer,
    active boolean,
    company_id integer,
    user_id integer,
    color integer,
    use_leads boolean,
    use_opportunities boolean,
    alias_id integer
);

CREATE TABLE crm_stage (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name jsonb NOT NULL,
    sequence integer,
    is_won boolean,
    requirements text,
    team_id integer,
    fold boolean
);

CREATE TABLE crm_lead (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    user_id integer,
    team_id integer,
    company_id integer,
    referred varchar,
    description text,
    active boolean,
    type varchar NOT NULL,
    priority varchar,
    stage_id integer,
    color integer,
    expected_revenue numeric,
    prorated_revenue numeric,
    recurring_revenue numeric,
    probability double precision,
    automated_probability double precision,
    date_closed timestamp without time zone,
    date_open timestamp without time zone,
    date_deadline date,
    date_last_stage_update timestamp without time zone,
    partner_id integer,
    contact_name varchar,
    partner_name varchar,
    function varchar,
    title integer,
    email_from varchar,
    email_normalized varchar,
    email_domain_criterion varchar,
    phone varchar,
    mobile varchar,
    phone_sanitized varchar,
    phone_state varchar,
    email_state varchar,
    website varchar,
    lang_id integer,
    street varchar,
    street2 varchar,
    zip varchar,
    city varchar,
    state_id integer,
    country_id integer,
    message_bounce integer,
    message_main_attachment_id integer
);
CREATE INDEX crm_lead__partner_id_index ON crm_lead (partner_id);
CREATE INDEX crm_lead__email_normalized_index ON crm_lead (email_normalized);
CREATE INDEX crm_lead__user_id_index ON crm_lead (user_id);
CREATE INDEX crm_lead__stage_id_index ON crm_lead (stage_id);

-- ---------------------------------------------------------------------------------------------
-- OCA queue_job (no create_uid/write_uid: queue.job has _log_access = False)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE queue_job_channel (
    id serial PRIMARY KEY,
    create_uid integer,
    create_date timestamp without time zone,
    write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    complete_name varchar,
    parent_id integer REFERENCES queue_job_channel (id) ON DELETE RESTRICT,
    removal_interval integer NOT NULL DEFAULT 30,
    CONSTRAINT queue_job_channel_name_uniq UNIQUE (complete_name)
);

CREATE TABLE queue_job_function (
    id serial PRIMARY KEY,
    name varchar,
    model_id integer,
    method varchar,
    channel_id integer NOT NULL REFERENCES queue_job_channel (id),
    channel varchar,
    retry_pattern jsonb,
    related_action jsonb,
    edit_retry_pattern text,
    edit_related_action text
);

CREATE TABLE queue_job (
    id serial PRIMARY KEY,
    uuid varchar NOT NULL,
    graph_uuid varchar,
    user_id integer NOT NULL,
    company_id integer,
    name varchar,
    model_name varchar,
    method_name varchar,
    records text,
    dependencies text,
    args text,
    kwargs text,
    func_string varchar,
    state varchar NOT NULL,
    priority integer,
    exc_name varchar,
    exc_message varchar,
    exc_info text,
    result text,
    date_created timestamp without time zone,
    date_started timestamp without time zone,
    date_enqueued timestamp without time zone,
    date_done timestamp without time zone,
    exec_time double precision,
    date_cancelled timestamp without time zone,
    eta timestamp without time zone,
    retry integer,
    max_retries integer,
    channel_method_name varchar,
    job_function_id integer REFERENCES queue_job_function (id) ON DELETE SET NULL,
    channel varchar,
    identity_key varchar,
    worker_pid integer
);
CREATE UNIQUE INDEX queue_job__uuid_index ON queue_job (uuid);
CREATE INDEX queue_job__state_index ON queue_job (state);
CREATE INDEX queue_job_identity_key_state_partial_index ON queue_job (identity_key)
    WHERE state IN ('pending', 'enqueued', 'wait_dependencies') AND identity_key IS NOT NULL;

-- =====================================================================================================
-- Data of a fresh database (base + the installed modules), fixed ids like the real xmlids
-- =====================================================================================================
INSERT INTO res_currency (id, name, symbol, full_name, rounding, decimal_places, active, position, currency_unit_label, currency_subunit_label) VALUES
    (1, 'USD', '$', 'United States dollar', 0.01, 2, true, 'before', 'Dollars', 'Cents'),
    (2, 'EUR', '€', 'Euro', 0.01, 2, true, 'after', 'Euros', 'Cents'),
    (3, 'GBP', '£', 'Pound Sterling', 0.01, 2, false, 'before', 'Pounds', 'Pence');
ALTER SEQUENCE res_currency_id_seq RESTART WITH 4;

INSERT INTO res_country (id, name, code, phone_code, currency_id, zip_required, state_required) VALUES
    (1, '{"en_US": "Belgium"}', 'BE', 32, 2, true, false),
    (2, '{"en_US": "France"}', 'FR', 33, 2, true, false),
    (3, '{"en_US": "Germany"}', 'DE', 49, 2, true, false),
    (4, '{"en_US": "Netherlands"}', 'NL', 31, 2, true, false),
    (5, '{"en_US": "United States"}', 'US', 1, 1, true, true),
    (6, '{"en_US": "United Kingdom"}', 'GB', 44, 3, true, false),
    (7, '{"en_US": "Spain"}', 'ES', 34, 2, true, false),
    (8, '{"en_US": "Italy"}', 'IT', 39, 2, true, false);
ALTER SEQUENCE res_country_id_seq RESTART WITH 9;

INSERT INTO res_country_state (id, country_id, name, code) VALUES
    (1, 5, 'California', 'CA'), (2, 5, 'New York', 'NY'), (3, 5, 'Texas', 'TX'),
    (4, 7, 'Madrid', 'M'), (5, 8, 'Milano', 'MI');
ALTER SEQUENCE res_country_state_id_seq RESTART WITH 6;

INSERT INTO res_lang (id, name, code, iso_code, url_code, active, direction, date_format, time_format, week_start, grouping, decimal_point, thousands_sep) VALUES
    (1, 'English (US)', 'en_US', 'en', 'en', true, 'ltr', '%m/%d/%Y', '%H:%M:%S', '7', '[3,0]', '.', ','),
    (2, 'French / Français', 'fr_FR', 'fr', 'fr', false, 'ltr', '%d/%m/%Y', '%H:%M:%S', '1', '[3,0]', ',', ' '),
    (3, 'Dutch / Nederlands', 'nl_NL', 'nl', 'nl', false, 'ltr', '%d-%m-%Y', '%H:%M:%S', '1', '[3,0]', ',', '.');
ALTER SEQUENCE res_lang_id_seq RESTART WITH 4;

INSERT INTO res_partner_title (id, name, shortcut) VALUES
    (1, '{"en_US": "Madam"}', '{"en_US": "Mrs."}'), (2, '{"en_US": "Miss"}', '{"en_US": "Miss"}'),
    (3, '{"en_US": "Mister"}', '{"en_US": "Mr."}'), (4, '{"en_US": "Doctor"}', '{"en_US": "Dr."}'),
    (5, '{"en_US": "Professor"}', '{"en_US": "Prof."}');
ALTER SEQUENCE res_partner_title_id_seq RESTART WITH 6;

INSERT INTO res_partner_industry (id, name, full_name, active) VALUES
    (1, '{"en_US": "Administrative"}', '{"en_US": "N - ADMINISTRATIVE AND SUPPORT SERVICE ACTIVITIES"}', true),
    (2, '{"en_US": "Manufacturing"}', '{"en_US": "C - MANUFACTURING"}', true),
    (3, '{"en_US": "Wholesale/Retail"}', '{"en_US": "G - WHOLESALE AND RETAIL TRADE"}', true),
    (4, '{"en_US": "IT/Communication"}', '{"en_US": "J - INFORMATION AND COMMUNICATION"}', true);
ALTER SEQUENCE res_partner_industry_id_seq RESTART WITH 5;

INSERT INTO res_bank (id, name, bic, country, active) VALUES
    (1, 'BNP Paribas Fortis', 'GEBABEBB', 1, true),
    (2, 'ING Belgium', 'BBRUBEBB', 1, true),
    (3, 'Deutsche Bank', 'DEUTDEFF', 3, true);
ALTER SEQUENCE res_bank_id_seq RESTART WITH 4;

-- partners: 1 main company, 2 OdooBot (user_root), 3 Administrator (user_admin),
-- 4 Default User Template, 5 Public user
INSERT INTO res_partner (id, name, complete_name, company_id, type, active, is_company, email, email_normalized, phone, street, zip, city, country_id, lang, tz, website, commercial_partner_id, partner_share, employee, create_uid, create_date, write_uid, write_date) VALUES
    (1, 'My Company', 'My Company', 1, 'contact', true, true, 'info@yourcompany.example.com', 'info@yourcompany.example.com', '+1 555-555-5556', '250 Executive Park Blvd, Suite 3400', '94134', 'San Francisco', 5, 'en_US', 'Europe/Brussels', 'http://www.example.com', 1, false, false, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, 'OdooBot', 'OdooBot', 1, 'contact', false, false, 'odoobot@example.com', 'odoobot@example.com', NULL, NULL, NULL, NULL, NULL, 'en_US', 'Europe/Brussels', NULL, 2, false, false, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, 'Mitchell Admin', 'Mitchell Admin', 1, 'contact', true, false, 'admin@yourcompany.example.com', 'admin@yourcompany.example.com', '+1 555-555-5555', '215 Vine St', '18503', 'Scranton', 5, 'en_US', 'Europe/Brussels', NULL, 3, false, false, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, 'Default User Template', 'Default User Template', 1, 'contact', false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'en_US', NULL, NULL, 4, false, false, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (5, 'Public user', 'Public user', 1, 'contact', false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'en_US', NULL, NULL, 5, true, false, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE res_partner_id_seq RESTART WITH 6;

INSERT INTO res_company (id, name, partner_id, currency_id, sequence, active, parent_path, email, phone, layout_background, create_uid, create_date, write_uid, write_date) VALUES
    (1, 'My Company', 1, 1, 0, true, '1/', 'info@yourcompany.example.com', '+1 555-555-5556', 'Blank', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE res_company_id_seq RESTART WITH 2;

INSERT INTO res_users (id, login, password, active, partner_id, company_id, share, signature, notification_type, create_uid, create_date, write_uid, write_date) VALUES
    (1, '__system__', NULL, false, 2, 1, false, '<span data-o-mail-quote="1">-- <br data-o-mail-quote="1">System</span>', 'inbox', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, 'admin', '$pbkdf2-sha512$600000$yBaj/jWxxfswsEABvgpjsw$e86UbJj.c91lHZqZOvxyDrCTk0ddjXphw/lpPtdreu2RywmgTxL7wj9ihcj3uaFmYD1wkQ0YGwgIfacxgxRGIA', true, 3, 1, false, '<span data-o-mail-quote="1">-- <br data-o-mail-quote="1">Mitchell Admin</span>', 'email', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, 'default', NULL, false, 4, 1, false, NULL, 'email', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, 'public', NULL, false, 5, 1, true, NULL, 'email', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE res_users_id_seq RESTART WITH 5;
UPDATE res_partner SET user_id = 2 WHERE id = 3;

INSERT INTO res_company_users_rel (cid, user_id) VALUES (1, 1), (1, 2), (1, 3), (1, 4);

INSERT INTO res_groups (id, name, share) VALUES
    (1, '{"en_US": "Internal User"}', false), (2, '{"en_US": "Settings"}', false),
    (3, '{"en_US": "Access Rights"}', false), (4, '{"en_US": "Public"}', true),
    (5, '{"en_US": "Portal"}', true), (6, '{"en_US": "Officer: Manage all employees"}', false);
ALTER SEQUENCE res_groups_id_seq RESTART WITH 7;
INSERT INTO res_groups_users_rel (gid, uid) VALUES (1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (3, 2), (6, 2), (1, 3), (4, 4);

INSERT INTO res_users_settings (id, user_id, is_discuss_sidebar_category_channel_open, is_discuss_sidebar_category_chat_open, use_push_to_talk, voice_active_duration, create_uid, create_date) VALUES
    (1, 1, true, true, false, 200, 1, '2024-01-15 08:00:00'),
    (2, 2, true, true, false, 200, 1, '2024-01-15 08:00:00');
ALTER SEQUENCE res_users_settings_id_seq RESTART WITH 3;

INSERT INTO ir_module_category (id, name, sequence, visible) VALUES
    (1, '{"en_US": "Hidden"}', 0, false), (2, '{"en_US": "Sales"}', 5, true),
    (3, '{"en_US": "Human Resources"}', 45, true), (4, '{"en_US": "Website"}', 30, true),
    (5, '{"en_US": "Accounting"}', 20, true), (6, '{"en_US": "Productivity"}', 50, true),
    (7, '{"en_US": "Inventory"}', 25, true), (8, '{"en_US": "Extra Tools"}', 70, true);
ALTER SEQUENCE ir_module_category_id_seq RESTART WITH 9;

-- installed modules; latest_version = the version installed in the database
INSERT INTO ir_module_module (id, name, state, latest_version, shortdesc, summary, author, license, category_id, application, auto_install, demo, sequence, website, create_uid, create_date, write_uid, write_date) VALUES
    (1, 'base', 'installed', '17.0.1.3', '{"en_US": "Base"}', '{"en_US": "The kernel of Odoo, needed for all installation"}', 'Odoo S.A.', 'LGPL-3', 1, false, true, false, 100, 'https://www.odoo.com', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, 'web', 'installed', '17.0.1.0', '{"en_US": "Web"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, true, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, 'bus', 'installed', '17.0.1.0', '{"en_US": "IM Bus"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, true, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, 'base_setup', 'installed', '17.0.1.0', '{"en_US": "Initial Setup Tools"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (5, 'mail', 'installed', '17.0.1.15', '{"en_US": "Discuss"}', '{"en_US": "Chat, mail gateway and private channels"}', 'Odoo S.A.', 'LGPL-3', 6, true, false, false, 5, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (6, 'contacts', 'installed', '17.0.1.0', '{"en_US": "Contacts"}', '{"en_US": "Centralize your address book"}', 'Odoo S.A.', 'LGPL-3', 2, true, false, false, 150, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (7, 'auth_signup', 'installed', '17.0.1.0', '{"en_US": "Signup"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, true, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (8, 'auth_oauth', 'installed', '17.0.1.0', '{"en_US": "OAuth2 Authentication"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (9, 'auth_totp', 'installed', '17.0.1.0', '{"en_US": "Two-Factor Authentication (TOTP)"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, true, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (10, 'resource', 'installed', '17.0.1.1', '{"en_US": "Resource"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (11, 'hr', 'installed', '17.0.1.1', '{"en_US": "Employees"}', '{"en_US": "Centralize employee information"}', 'Odoo S.A.', 'LGPL-3', 3, true, false, false, 95, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (12, 'crm', 'installed', '17.0.1.8', '{"en_US": "CRM"}', '{"en_US": "Track leads and close opportunities"}', 'Odoo S.A.', 'LGPL-3', 2, true, false, false, 15, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (13, 'payment', 'installed', '17.0.2.0', '{"en_US": "Payment Engine"}', NULL, 'Odoo S.A.', 'LGPL-3', 5, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (14, 'payment_stripe', 'installed', '17.0.2.0', '{"en_US": "Payment Provider: Stripe"}', NULL, 'Odoo S.A.', 'LGPL-3', 5, false, false, false, 350, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (15, 'delivery', 'installed', '17.0.1.0', '{"en_US": "Delivery Costs"}', NULL, 'Odoo S.A.', 'LGPL-3', 7, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (16, 'website', 'installed', '17.0.1.0', '{"en_US": "Website"}', '{"en_US": "Enterprise website builder"}', 'Odoo S.A.', 'LGPL-3', 4, true, false, false, 20, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (17, 'iap', 'installed', '17.0.1.1', '{"en_US": "In-App Purchases"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (18, 'calendar', 'installed', '17.0.1.1', '{"en_US": "Calendar"}', NULL, 'Odoo S.A.', 'LGPL-3', 6, true, false, false, 130, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (19, 'google_calendar', 'installed', '17.0.1.0', '{"en_US": "Google Calendar"}', NULL, 'Odoo S.A.', 'LGPL-3', 6, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (20, 'microsoft_calendar', 'installed', '17.0.1.0', '{"en_US": "Outlook Calendar"}', NULL, 'Odoo S.A.', 'LGPL-3', 6, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (21, 'google_gmail', 'installed', '17.0.1.2', '{"en_US": "Google Gmail"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (22, 'microsoft_outlook', 'installed', '17.0.1.1', '{"en_US": "Microsoft Outlook"}', NULL, 'Odoo S.A.', 'LGPL-3', 1, false, false, false, 100, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (23, 'queue_job', 'installed', '17.0.1.1.1', '{"en_US": "Job Queue"}', NULL, 'Camptocamp,ACSONE SA/NV,Odoo Community Association (OCA)', 'LGPL-3', 8, true, false, false, 100, 'https://github.com/OCA/queue', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (24, 'sale_management', 'uninstalled', NULL, '{"en_US": "Sales"}', NULL, 'Odoo S.A.', 'LGPL-3', 2, true, false, false, 15, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (25, 'account', 'uninstalled', NULL, '{"en_US": "Invoicing"}', NULL, 'Odoo S.A.', 'LGPL-3', 5, true, false, false, 10, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE ir_module_module_id_seq RESTART WITH 26;

-- dependencies (a simplified but consistent graph of the real manifests' "depends")
INSERT INTO ir_module_module_dependency (module_id, name, auto_install_required) VALUES
    (2, 'base', true), (3, 'base', true), (3, 'web', true), (4, 'base', true), (4, 'web', true),
    (5, 'base', true), (5, 'base_setup', true), (5, 'bus', true), (5, 'web', true),
    (6, 'base', true), (6, 'mail', true), (7, 'base', true), (7, 'web', true), (7, 'mail', true),
    (8, 'base', true), (8, 'web', true), (8, 'base_setup', true), (8, 'auth_signup', true),
    (9, 'web', true), (10, 'base', true), (10, 'web', true),
    (11, 'base_setup', true), (11, 'mail', true), (11, 'resource', true), (11, 'web', true),
    (12, 'base_setup', true), (12, 'mail', true), (12, 'calendar', true), (12, 'resource', true), (12, 'contacts', true),
    (13, 'mail', true), (14, 'payment', true), (15, 'mail', true), (16, 'web', true), (16, 'mail', true), (16, 'auth_signup', true),
    (17, 'web', true), (17, 'base_setup', true), (18, 'base', true), (18, 'mail', true),
    (19, 'google_calendar', false), (19, 'calendar', true), (20, 'calendar', true),
    (21, 'mail', true), (22, 'mail', true), (23, 'mail', true), (23, 'web', true),
    (24, 'mail', true), (25, 'mail', true);
UPDATE ir_module_module_dependency SET name = 'calendar' WHERE module_id = 19 AND name = 'google_calendar';

INSERT INTO ir_model (id, name, model, info, state, transient, is_mail_thread, is_mail_activity, is_mail_blacklist) VALUES
    (1, '{"en_US": "Contact"}', 'res.partner', NULL, 'base', false, true, true, true),
    (2, '{"en_US": "User"}', 'res.users', NULL, 'base', false, true, false, false),
    (3, '{"en_US": "Companies"}', 'res.company', NULL, 'base', false, false, false, false),
    (4, '{"en_US": "Scheduled Actions"}', 'ir.cron', NULL, 'base', false, false, false, false),
    (5, '{"en_US": "Automatic Vacuum"}', 'ir.autovacuum', NULL, 'base', false, false, false, false),
    (6, '{"en_US": "Users Deletion Request"}', 'res.users.deletion', NULL, 'base', false, false, false, false),
    (7, '{"en_US": "Outgoing Mails"}', 'mail.mail', NULL, 'base', false, false, false, false),
    (8, '{"en_US": "Message"}', 'mail.message', NULL, 'base', false, false, false, false),
    (9, '{"en_US": "Incoming Mail Server"}', 'fetchmail.server', NULL, 'base', false, false, false, false),
    (10, '{"en_US": "Publisher Warranty Contract"}', 'publisher_warranty.contract', NULL, 'base', true, false, false, false),
    (11, '{"en_US": "Message Notifications"}', 'mail.notification', NULL, 'base', false, false, false, false),
    (12, '{"en_US": "Employee"}', 'hr.employee', NULL, 'base', false, true, true, false),
    (13, '{"en_US": "Lead/Opportunity"}', 'crm.lead', NULL, 'base', false, true, true, true),
    (14, '{"en_US": "Sales Team"}', 'crm.team', NULL, 'base', false, true, false, false),
    (15, '{"en_US": "Payment Transaction"}', 'payment.transaction', NULL, 'base', false, false, false, false),
    (16, '{"en_US": "Website"}', 'website', NULL, 'base', false, false, false, false),
    (17, '{"en_US": "Queue Job"}', 'queue.job', NULL, 'base', false, true, true, false),
    (18, '{"en_US": "Attachment"}', 'ir.attachment', NULL, 'base', false, false, false, false),
    (19, '{"en_US": "Views"}', 'ir.ui.view', NULL, 'base', false, false, false, false),
    (20, '{"en_US": "Mail Server"}', 'ir.mail_server', NULL, 'base', false, false, false, false),
    (21, '{"en_US": "Email Templates"}', 'mail.template', NULL, 'base', false, false, false, false),
    (22, '{"en_US": "Google Calendar Account Reset"}', 'google.calendar.sync', NULL, 'base', false, false, false, false);
ALTER SEQUENCE ir_model_id_seq RESTART WITH 23;

INSERT INTO ir_model_fields (id, name, complete_name, model, model_id, relation, field_description, ttype, state, store, readonly, required, index, translate, tracking) VALUES
    (1, 'name', 'res.partner.name', 'res.partner', 1, NULL, '{"en_US": "Name"}', 'char', 'base', true, false, false, true, false, NULL),
    (2, 'email', 'res.partner.email', 'res.partner', 1, NULL, '{"en_US": "Email"}', 'char', 'base', true, false, false, false, false, 1),
    (3, 'phone', 'res.partner.phone', 'res.partner', 1, NULL, '{"en_US": "Phone"}', 'char', 'base', true, false, false, false, false, 1),
    (4, 'street', 'res.partner.street', 'res.partner', 1, NULL, '{"en_US": "Street"}', 'char', 'base', true, false, false, false, false, NULL),
    (5, 'vat', 'res.partner.vat', 'res.partner', 1, NULL, '{"en_US": "Tax ID"}', 'char', 'base', true, false, false, true, false, NULL),
    (6, 'barcode', 'res.partner.barcode', 'res.partner', 1, NULL, '{"en_US": "Barcode"}', 'char', 'base', false, false, false, false, false, NULL),
    (7, 'property_delivery_carrier_id', 'res.partner.property_delivery_carrier_id', 'res.partner', 1, 'delivery.carrier', '{"en_US": "Delivery Method"}', 'many2one', 'base', false, false, false, false, false, NULL),
    (8, 'name', 'hr.employee.name', 'hr.employee', 12, NULL, '{"en_US": "Employee Name"}', 'char', 'base', true, false, false, false, false, 1),
    (9, 'private_email', 'hr.employee.private_email', 'hr.employee', 12, NULL, '{"en_US": "Private Email"}', 'char', 'base', true, false, false, false, false, 1),
    (10, 'birthday', 'hr.employee.birthday', 'hr.employee', 12, NULL, '{"en_US": "Date of Birth"}', 'date', 'base', true, false, false, false, false, 1),
    (11, 'stage_id', 'crm.lead.stage_id', 'crm.lead', 13, 'crm.stage', '{"en_US": "Stage"}', 'many2one', 'base', true, false, false, true, false, 1),
    (12, 'email_from', 'crm.lead.email_from', 'crm.lead', 13, NULL, '{"en_US": "Email"}', 'char', 'base', true, false, false, true, false, 40),
    (13, 'user_id', 'crm.lead.user_id', 'crm.lead', 13, 'res.users', '{"en_US": "Salesperson"}', 'many2one', 'base', true, false, false, true, false, 1),
    (14, 'mobile', 'res.partner.mobile', 'res.partner', 1, NULL, '{"en_US": "Mobile"}', 'char', 'base', true, false, false, false, false, NULL);
ALTER SEQUENCE ir_model_fields_id_seq RESTART WITH 15;

-- server actions behind the crons (ir_act_server inherits ir_actions: ids from ir_actions_id_seq)
INSERT INTO ir_act_server (id, name, type, binding_type, usage, state, model_id, model_name, code, create_uid, create_date, write_uid, write_date) VALUES
    (1, '{"en_US": "Base: Auto-vacuum internal data"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 5, 'ir.autovacuum', 'model._run_vacuum_cleaner()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, '{"en_US": "Base: Portal Users Deletion"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 6, 'res.users.deletion', 'model._gc_portal_users()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, '{"en_US": "Mail: Email Queue Manager"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 7, 'mail.mail', 'model.process_email_queue()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, '{"en_US": "Mail: Fetchmail Service"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 9, 'fetchmail.server', 'model._fetch_mails()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (5, '{"en_US": "Publisher: Update Notification"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 10, 'publisher_warranty.contract', 'model.update_notification(None)', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (6, '{"en_US": "Notification: Delete Notifications older than 6 Month"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 11, 'mail.notification', 'model._gc_notifications(max_age_days=180)', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (7, '{"en_US": "CRM: Lead Assignment"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 14, 'crm.team', 'model._cron_assign_leads()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (8, '{"en_US": "payment: post-process transactions"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 15, 'payment.transaction', 'model._cron_finalize_post_processing()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (9, '{"en_US": "Website Visitor : clean inactive visitors"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 16, 'website', 'model._cron_unlink_old_visitors()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (10, '{"en_US": "Jobs Garbage Collector"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 17, 'queue.job', 'model.requeue_stuck_jobs()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (11, '{"en_US": "Google Calendar: synchronization"}', 'ir.actions.server', 'action', 'ir_cron', 'code', 22, 'google.calendar.sync', 'model._sync_all_calendars()', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
-- a webhook server action (neutralized by base's neutralize.sql in 17/18)
INSERT INTO ir_act_server (id, name, type, binding_type, usage, state, model_id, model_name, webhook_url, create_uid, create_date, write_uid, write_date) VALUES
    (12, '{"en_US": "Notify the ERP bridge of new contacts"}', 'ir.actions.server', 'action', 'ir_actions_server', 'webhook', 1, 'res.partner', 'https://hooks.example.com/odoo/partner-created', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE ir_actions_id_seq RESTART WITH 13;

INSERT INTO ir_cron (id, ir_actions_server_id, cron_name, user_id, active, interval_number, interval_type, numbercall, doall, nextcall, lastcall, priority, create_uid, create_date, write_uid, write_date) VALUES
    (1, 1, 'Base: Auto-vacuum internal data', 1, true, 1, 'days', -1, false, '2026-11-23 03:00:00', '2026-11-22 03:00:01', 3, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, 2, 'Base: Portal Users Deletion', 1, true, 1, 'days', -1, false, '2026-11-23 03:05:00', '2026-11-22 03:05:01', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, 3, 'Mail: Email Queue Manager', 1, true, 1, 'hours', -1, false, '2026-11-22 10:00:00', '2026-11-22 09:00:02', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, 4, 'Mail: Fetchmail Service', 1, false, 5, 'minutes', -1, false, '2026-11-22 09:05:00', NULL, 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (5, 5, 'Publisher: Update Notification', 1, true, 1, 'weeks', -1, false, '2026-11-29 08:00:00', '2026-11-15 08:00:00', 1000, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (6, 6, 'Notification: Delete Notifications older than 6 Month', 1, true, 1, 'days', -1, false, '2026-11-23 04:00:00', '2026-11-22 04:00:00', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (7, 7, 'CRM: Lead Assignment', 1, false, 1, 'days', -1, false, '2026-11-23 06:00:00', NULL, 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (8, 8, 'payment: post-process transactions', 1, false, 10, 'minutes', -1, false, '2026-11-22 09:10:00', NULL, 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (9, 9, 'Website Visitor : clean inactive visitors', 1, true, 1, 'days', -1, false, '2026-11-23 02:00:00', '2026-11-22 02:00:00', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (10, 10, 'Jobs Garbage Collector', 1, true, 5, 'minutes', -1, false, '2026-11-22 09:05:00', '2026-11-22 09:00:00', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (11, 11, 'Google Calendar: synchronization', 1, true, 12, 'hours', -1, false, '2026-11-22 12:00:00', '2026-11-22 00:00:00', 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE ir_cron_id_seq RESTART WITH 12;

INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date) VALUES
    ('database.uuid', '7d3a9c1e-1c2d-11ee-9a41-0242ac120017', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('database.secret', '3e9f1a6c-2b47-4d8e-a1f3-17c5b0d9e2a4', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('database.create_date', '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('database.enterprise_code', 'M170815471142', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('database.expiration_date', '2027-01-15 08:00:00', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('database.expiration_reason', 'renewal', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('web.base.url', 'https://erp.example.com', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('web.base.url.freeze', 'True', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('report.url', 'http://localhost:8069', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('base.login_cooldown_after', '10', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('base.login_cooldown_duration', '60', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.catchall.domain', 'example.com', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.catchall.alias', 'catchall', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.bounce.alias', 'bounce', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.default.from', 'notifications', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.web_push_vapid_private_key', 'uR0zJzTrCyw7dUz1dvOZ9cTUV1CvR4L6nkPb0pGe4nU', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.web_push_vapid_public_key', 'BDnuxSv6Y-KQ4m0x2H7EZp2N4x1mN9tZ6ZWmR1pVt9v1s0q3m7P0d9bXlq1aQZ3w5hQk7r6P8n9cWsk2QfB7X3o', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('mail.sfu_server_key', 'sfu-4f1c2b7a9e0d', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('google_gmail_client_id', '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('google_gmail_client_secret', 'GOCSPX-k1Xq9mZr2TfW3sLp8NvB4yHc', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('microsoft_outlook_client_id', '0d4e2a1c-9b3f-4e8a-bf21-7c6d5e4f3a2b', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('microsoft_outlook_client_secret', 'Zq8~Kp2.Rw9_Tx4-Vy7Lm3Nb6Hc1Gf5Jd0Sa', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('google_calendar_client_id', '123456789012-calendar0123456789.apps.googleusercontent.com', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('google_calendar_client_secret', 'GOCSPX-Cal3ndarS3cr3tV4lu3xyz', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('auth_signup.invitation_scope', 'b2b', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    ('crm.pls_start_date', '2024-01-15', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');

INSERT INTO ir_ui_view (id, name, model, key, priority, type, arch_db, arch_fs, mode, active, inherit_id, create_uid, create_date, write_uid, write_date) VALUES
    (1, 'web.layout', NULL, 'web.layout', 16, 'qweb', '{"en_US": "<t t-name=\"web.layout\"><html><head><title t-esc=\"title or ''Odoo''\"/></head><body><t t-out=\"0\"/></body></html></t>"}', 'web/views/webclient_templates.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, 'web.login_layout', NULL, 'web.login_layout', 16, 'qweb', '{"en_US": "<t t-name=\"web.login_layout\"><t t-call=\"web.frontend_layout\"><t t-out=\"0\"/></t></t>"}', 'web/views/webclient_templates.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, 'web.login', NULL, 'web.login', 16, 'qweb', '{"en_US": "<t t-name=\"web.login\"><t t-call=\"web.login_layout\"><form class=\"oe_login_form\" role=\"form\" method=\"post\"/></t></t>"}', 'web/views/webclient_templates.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (4, 'Neutralize banner', NULL, 'web.neutralize_banner', 16, 'qweb', '{"en_US": "<data inherit_id=\"web.layout\"><xpath expr=\"//body\" position=\"before\"><meta name=\"robots\" content=\"noindex, nofollow\"/><span class=\"badge\" style=\"background-color: #D0442C\">Database neutralized for testing: no emails sent, etc.</span></xpath></data>"}', 'web/views/neutralize_views.xml', 'extension', false, 1, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (5, 'website.layout', NULL, 'website.layout', 16, 'qweb', '{"en_US": "<t t-name=\"website.layout\"><t t-call=\"web.frontend_layout\"><t t-out=\"0\"/></t></t>"}', 'website/views/website_templates.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (6, 'Neutralize ribbon', NULL, 'website.neutralize_ribbon', 16, 'qweb', '{"en_US": "<data inherit_id=\"website.layout\"><xpath expr=\"//body\" position=\"inside\"><span class=\"o_ribbon\">NEUTRALIZED</span></xpath></data>"}', 'website/views/neutralize_views.xml', 'extension', false, 5, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (7, 'payment_stripe.inline_form', NULL, 'payment_stripe.inline_form', 16, 'qweb', '{"en_US": "<t t-name=\"payment_stripe.inline_form\"><div name=\"o_stripe_element_container\"/></t>"}', 'payment_stripe/views/payment_stripe_templates.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (8, 'hr.employee.form', 'hr.employee', NULL, 16, 'form', '{"en_US": "<form string=\"Employee\"><sheet><field name=\"name\"/></sheet></form>"}', 'hr/views/hr_employee_views.xml', 'primary', true, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE ir_ui_view_id_seq RESTART WITH 9;

INSERT INTO ir_model_data (name, module, model, res_id, noupdate) VALUES
    ('USD', 'base', 'res.currency', 1, true), ('EUR', 'base', 'res.currency', 2, true), ('GBP', 'base', 'res.currency', 3, true),
    ('be', 'base', 'res.country', 1, false), ('fr', 'base', 'res.country', 2, false), ('de', 'base', 'res.country', 3, false),
    ('nl', 'base', 'res.country', 4, false), ('us', 'base', 'res.country', 5, false), ('uk', 'base', 'res.country', 6, false),
    ('es', 'base', 'res.country', 7, false), ('it', 'base', 'res.country', 8, false),
    ('lang_en', 'base', 'res.lang', 1, false), ('lang_fr', 'base', 'res.lang', 2, false), ('lang_nl', 'base', 'res.lang', 3, false),
    ('main_company', 'base', 'res.company', 1, true),
    ('main_partner', 'base', 'res.partner', 1, true), ('partner_root', 'base', 'res.partner', 2, true),
    ('partner_admin', 'base', 'res.partner', 3, true), ('template_partner', 'base', 'res.partner', 4, true),
    ('public_partner', 'base', 'res.partner', 5, true),
    ('user_root', 'base', 'res.users', 1, true), ('user_admin', 'base', 'res.users', 2, true),
    ('default_user', 'base', 'res.users', 3, true), ('public_user', 'base', 'res.users', 4, true),
    ('group_user', 'base', 'res.groups', 1, true), ('group_system', 'base', 'res.groups', 2, true),
    ('group_erp_manager', 'base', 'res.groups', 3, true), ('group_public', 'base', 'res.groups', 4, true),
    ('group_portal', 'base', 'res.groups', 5, true), ('group_hr_user', 'hr', 'res.groups', 6, true),
    ('module_base', 'base', 'ir.module.module', 1, true), ('module_web', 'base', 'ir.module.module', 2, true),
    ('module_mail', 'base', 'ir.module.module', 5, true), ('module_hr', 'base', 'ir.module.module', 11, true),
    ('model_res_partner', 'base', 'ir.model', 1, false), ('model_res_users', 'base', 'ir.model', 2, false),
    ('model_ir_cron', 'base', 'ir.model', 4, false), ('model_ir_autovacuum', 'base', 'ir.model', 5, false),
    ('model_res_users_deletion', 'base', 'ir.model', 6, false), ('model_mail_mail', 'mail', 'ir.model', 7, false),
    ('model_mail_message', 'mail', 'ir.model', 8, false), ('model_fetchmail_server', 'mail', 'ir.model', 9, false),
    ('model_hr_employee', 'hr', 'ir.model', 12, false), ('model_crm_lead', 'crm', 'ir.model', 13, false),
    ('model_queue_job', 'queue_job', 'ir.model', 17, false),
    ('field_res_partner__email', 'base', 'ir.model.fields', 2, false), ('field_res_partner__phone', 'base', 'ir.model.fields', 3, false),
    ('field_res_partner__barcode', 'base', 'ir.model.fields', 6, false),
    ('autovacuum_job_ir_actions_server', 'base', 'ir.actions.server', 1, true), ('autovacuum_job', 'base', 'ir.cron', 1, true),
    ('ir_cron_res_users_deletion_ir_actions_server', 'base', 'ir.actions.server', 2, true), ('ir_cron_res_users_deletion', 'base', 'ir.cron', 2, true),
    ('ir_cron_mail_scheduler_action_ir_actions_server', 'mail', 'ir.actions.server', 3, true), ('ir_cron_mail_scheduler_action', 'mail', 'ir.cron', 3, true),
    ('ir_cron_mail_gateway_action_ir_actions_server', 'mail', 'ir.actions.server', 4, true), ('ir_cron_mail_gateway_action', 'mail', 'ir.cron', 4, true),
    ('ir_cron_module_update_notification_ir_actions_server', 'mail', 'ir.actions.server', 5, true), ('ir_cron_module_update_notification', 'mail', 'ir.cron', 5, true),
    ('ir_cron_delete_notification_ir_actions_server', 'mail', 'ir.actions.server', 6, true), ('ir_cron_delete_notification', 'mail', 'ir.cron', 6, true),
    ('ir_cron_crm_lead_assign_ir_actions_server', 'crm', 'ir.actions.server', 7, true), ('ir_cron_crm_lead_assign', 'crm', 'ir.cron', 7, true),
    ('cron_post_process_payment_tx_ir_actions_server', 'payment', 'ir.actions.server', 8, true), ('cron_post_process_payment_tx', 'payment', 'ir.cron', 8, true),
    ('website_visitor_cron_ir_actions_server', 'website', 'ir.actions.server', 9, true), ('website_visitor_cron', 'website', 'ir.cron', 9, true),
    ('ir_cron_queue_job_garbage_collector_ir_actions_server', 'queue_job', 'ir.actions.server', 10, true), ('ir_cron_queue_job_garbage_collector', 'queue_job', 'ir.cron', 10, true),
    ('ir_cron_sync_all_cals_ir_actions_server', 'google_calendar', 'ir.actions.server', 11, true), ('ir_cron_sync_all_cals', 'google_calendar', 'ir.cron', 11, true),
    ('layout', 'web', 'ir.ui.view', 1, false), ('login_layout', 'web', 'ir.ui.view', 2, false), ('login', 'web', 'ir.ui.view', 3, false),
    ('neutralize_banner', 'web', 'ir.ui.view', 4, false), ('layout', 'website', 'ir.ui.view', 5, false),
    ('neutralize_ribbon', 'website', 'ir.ui.view', 6, false), ('inline_form', 'payment_stripe', 'ir.ui.view', 7, false),
    ('view_employee_form', 'hr', 'ir.ui.view', 8, false),
    ('default_website', 'website', 'website', 1, true),
    ('payment_provider_stripe', 'payment', 'payment.provider', 1, true), ('payment_provider_paypal', 'payment', 'payment.provider', 2, true),
    ('payment_provider_adyen', 'payment', 'payment.provider', 3, true),
    ('free_delivery_carrier', 'delivery', 'delivery.carrier', 1, true),
    ('provider_openerp', 'auth_oauth', 'auth.oauth.provider', 1, true), ('provider_google', 'auth_oauth', 'auth.oauth.provider', 2, true),
    ('mt_comment', 'mail', 'mail.message.subtype', 1, false), ('mt_note', 'mail', 'mail.message.subtype', 2, false),
    ('mt_activities', 'mail', 'mail.message.subtype', 3, false),
    ('mail_template_data_notification_email_default', 'mail', 'mail.template', 1, true),
    ('set_password_email', 'auth_signup', 'mail.template', 2, true),
    ('hr_department_administration', 'hr', 'hr.department', 1, false), ('hr_job_ceo', 'hr', 'hr.job', 1, false),
    ('employee_admin', 'hr', 'hr.employee', 1, true),
    ('team_sales_department', 'sales_team', 'crm.team', 1, true),
    ('stage_lead1', 'crm', 'crm.stage', 1, false), ('stage_lead2', 'crm', 'crm.stage', 2, false),
    ('stage_lead3', 'crm', 'crm.stage', 3, false), ('stage_lead4', 'crm', 'crm.stage', 4, false),
    ('channel_root', 'queue_job', 'queue.job.channel', 1, true),
    ('resource_calendar_std', 'resource', 'resource.calendar', 1, false);

INSERT INTO mail_message_subtype (id, name, internal, "default", sequence, hidden, track_recipients) VALUES
    (1, '{"en_US": "Discussions"}', false, true, 0, false, true),
    (2, '{"en_US": "Note"}', true, false, 100, false, false),
    (3, '{"en_US": "Activities"}', true, false, 90, false, false);
ALTER SEQUENCE mail_message_subtype_id_seq RESTART WITH 4;

INSERT INTO mail_alias_domain (id, name, bounce_alias, catchall_alias, default_from, sequence) VALUES
    (1, 'example.com', 'bounce', 'catchall', 'notifications', 10);
ALTER SEQUENCE mail_alias_domain_id_seq RESTART WITH 2;
UPDATE res_company SET alias_domain_id = 1, alias_domain_name = 'example.com' WHERE id = 1;

INSERT INTO mail_template (id, name, model_id, model, subject, email_from, body_html, auto_delete, active) VALUES
    (1, '{"en_US": "Notification Email"}', 1, 'res.partner', '{"en_US": "{{ object.name }}"}', '{{ (object.company_id.email_formatted or user.email_formatted) }}', '{"en_US": "<div><t t-out=\"message.body\"/></div>"}', true, true),
    (2, '{"en_US": "Settings: New Portal Signup"}', 2, 'res.users', '{"en_US": "Welcome to {{ object.company_id.name }}!"}', '{{ object.company_id.email_formatted }}', '{"en_US": "<div>Dear <t t-out=\"object.name\"/>, your account has been created.</div>"}', true, true);
ALTER SEQUENCE mail_template_id_seq RESTART WITH 3;

INSERT INTO resource_calendar (id, name, active, company_id, hours_per_day, tz) VALUES (1, 'Standard 40 hours/week', true, 1, 8.0, 'Europe/Brussels');
ALTER SEQUENCE resource_calendar_id_seq RESTART WITH 2;
INSERT INTO resource_resource (id, name, active, company_id, resource_type, user_id, time_efficiency, calendar_id, tz) VALUES
    (1, 'Mitchell Admin', true, 1, 'user', 2, 100, 1, 'Europe/Brussels');
ALTER SEQUENCE resource_resource_id_seq RESTART WITH 2;
INSERT INTO hr_department (id, name, complete_name, active, company_id) VALUES (1, '{"en_US": "Administration"}', 'Administration', true, 1);
ALTER SEQUENCE hr_department_id_seq RESTART WITH 2;
INSERT INTO hr_job (id, name, sequence, department_id, company_id, active) VALUES (1, '{"en_US": "Chief Executive Officer"}', 10, 1, 1, true);
ALTER SEQUENCE hr_job_id_seq RESTART WITH 2;
INSERT INTO hr_departure_reason (id, sequence, name) VALUES (1, 1, '{"en_US": "Fired"}'), (2, 2, '{"en_US": "Resigned"}'), (3, 3, '{"en_US": "Retired"}');
ALTER SEQUENCE hr_departure_reason_id_seq RESTART WITH 4;
INSERT INTO hr_employee (id, resource_id, name, active, company_id, department_id, job_id, job_title, work_email, work_phone, work_contact_id, user_id, resource_calendar_id, employee_type, marital, create_uid, create_date, write_uid, write_date) VALUES
    (1, 1, 'Mitchell Admin', true, 1, 1, 1, 'Chief Executive Officer', 'admin@yourcompany.example.com', '+1 555-555-5555', 3, 2, 1, 'employee', 'single', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE hr_employee_id_seq RESTART WITH 2;
UPDATE hr_department SET manager_id = 1 WHERE id = 1;

INSERT INTO website (id, name, sequence, domain, company_id, default_lang_id, user_id, cdn_activated, cdn_url, robots_txt, social_twitter, social_facebook, social_linkedin, google_analytics_key, create_uid, create_date, write_uid, write_date) VALUES
    (1, 'My Website', 10, 'https://www.example.com', 1, 1, 4, false, '', NULL, 'https://twitter.com/example', 'https://www.facebook.com/example', 'https://www.linkedin.com/company/example', 'G-EXAMPLE123', 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE website_id_seq RESTART WITH 2;
-- production's analytics (Plausible shared-dashboard key and site) and its billable Maps key
UPDATE website SET plausible_shared_key = 'plausible-production-shared-key', plausible_site = 'www.example.com',
    google_maps_api_key = 'AIzaSy-production-maps-key' WHERE id = 1;
UPDATE res_company SET website_id = 1 WHERE id = 1;

INSERT INTO payment_method (id, name, code, sequence, active, support_tokenization, support_express_checkout, support_refund) VALUES
    (1, 'Card', 'card', 10, true, true, false, 'partial'),
    (2, 'PayPal', 'paypal', 20, true, false, true, 'partial'),
    (3, 'Bancontact', 'bancontact', 30, true, false, false, 'partial');
ALTER SEQUENCE payment_method_id_seq RESTART WITH 4;

INSERT INTO payment_provider (id, name, sequence, code, state, is_published, company_id, allow_tokenization, capture_manually, allow_express_checkout, inline_form_view_id, module_id, create_uid, create_date, write_uid, write_date) VALUES
    (1, '{"en_US": "Stripe"}', 10, 'stripe', 'disabled', false, 1, true, false, true, 7, 14, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (2, '{"en_US": "PayPal"}', 20, 'none', 'disabled', false, 1, false, false, false, NULL, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00'),
    (3, '{"en_US": "Adyen"}', 30, 'none', 'disabled', false, 1, false, false, false, NULL, NULL, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE payment_provider_id_seq RESTART WITH 4;

INSERT INTO delivery_carrier (id, name, active, sequence, delivery_type, integration_level, prod_environment, debug_logging, company_id, product_id, invoice_policy, margin, free_over, amount, fixed_price, create_uid, create_date, write_uid, write_date) VALUES
    (1, '{"en_US": "Standard delivery"}', true, 10, 'fixed', 'rate_and_ship', false, false, NULL, 1, 'estimated', 0, false, 0, 0, 1, '2024-01-15 08:00:00', 1, '2024-01-15 08:00:00');
ALTER SEQUENCE delivery_carrier_id_seq RESTART WITH 2;

INSERT INTO auth_oauth_provider (id, name, client_id, auth_endpoint, scope, validation_endpoint, data_endpoint, enabled, css_class, body, sequence) VALUES
    (1, 'Odoo.com Accounts', '', 'https://accounts.odoo.com/oauth2/auth', 'userinfo', 'https://accounts.odoo.com/oauth2/tokeninfo', NULL, true, 'fa fa-fw o_custom_icon', '{"en_US": "Log in with Odoo.com"}', 10),
    (2, 'Google OAuth2', '', 'https://accounts.google.com/o/oauth2/auth', 'https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email', 'https://www.googleapis.com/oauth2/v3/tokeninfo', NULL, false, 'fa fa-fw fa-google', '{"en_US": "Log in with Google"}', 20);
ALTER SEQUENCE auth_oauth_provider_id_seq RESTART WITH 3;


INSERT INTO crm_team (id, name, sequence, active, company_id, user_id, color, use_leads, use_opportunities) VALUES
    (1, '{"en_US": "Sales"}', 10, true, 1, 2, 0, true, true);
ALTER SEQUENCE crm_team_id_seq RESTART WITH 2;
INSERT INTO crm_stage (id, name, sequence, is_won, fold) VALUES
    (1, '{"en_US": "New"}', 1, false, false), (2, '{"en_US": "Qualified"}', 2, false, false),
    (3, '{"en_US": "Proposition"}', 3, false, false), (4, '{"en_US": "Won"}', 70, true, false);
ALTER SEQUENCE crm_stage_id_seq RESTART WITH 5;

INSERT INTO queue_job_channel (id, name, complete_name, removal_interval) VALUES (1, 'root', 'root', 30);
ALTER SEQUENCE queue_job_channel_id_seq RESTART WITH 2;
INSERT INTO queue_job_function (id, name, model_id, method, channel_id, channel) VALUES
    (1, '<res.partner>.geo_localize', 1, 'geo_localize', 1, 'root'),
    (2, '<mail.mail>.send', 7, 'send', 1, 'root');
ALTER SEQUENCE queue_job_function_id_seq RESTART WITH 3;

INSERT INTO google_calendar_credentials (id, calendar_rtoken, calendar_token, calendar_token_validity, calendar_sync_token, calendar_cal_id, synchronization_stopped) VALUES
    (1, NULL, NULL, NULL, NULL, NULL, false);
ALTER SEQUENCE google_calendar_credentials_id_seq RESTART WITH 2;
UPDATE res_users SET google_calendar_account_id = 1 WHERE id = 2;
INSERT INTO microsoft_calendar_credentials (id, calendar_sync_token, synchronization_stopped) VALUES (1, NULL, false);
ALTER SEQUENCE microsoft_calendar_credentials_id_seq RESTART WITH 2;
UPDATE res_users SET microsoft_calendar_account_id = 1 WHERE id = 2;

-- =====================================================================================================
-- Foreign keys (added after all tables exist, like the ORM does; names are PostgreSQL's defaults,
-- which are also the names Odoo uses: <table>_<column>_fkey)
-- =====================================================================================================
ALTER TABLE ir_actions ADD FOREIGN KEY (binding_model_id) REFERENCES ir_model (id) ON DELETE CASCADE;
ALTER TABLE ir_act_server
    ADD FOREIGN KEY (model_id) REFERENCES ir_model (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (crud_model_id) REFERENCES ir_model (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (link_field_id) REFERENCES ir_model_fields (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (update_field_id) REFERENCES ir_model_fields (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (update_related_model_id) REFERENCES ir_model (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (template_id) REFERENCES mail_template (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (activity_user_id) REFERENCES res_users (id) ON DELETE SET NULL;
ALTER TABLE res_users
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (oauth_provider_id) REFERENCES auth_oauth_provider (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (google_calendar_account_id) REFERENCES google_calendar_credentials (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (microsoft_calendar_account_id) REFERENCES microsoft_calendar_credentials (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (website_id) REFERENCES website (id) ON DELETE RESTRICT;
ALTER TABLE res_groups ADD FOREIGN KEY (category_id) REFERENCES ir_module_category (id) ON DELETE SET NULL;
ALTER TABLE res_users_settings ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE CASCADE;
ALTER TABLE res_currency ADD CONSTRAINT res_currency_rounding_gt_zero CHECK (rounding > 0);
ALTER TABLE res_company
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (currency_id) REFERENCES res_currency (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (parent_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (external_report_layout_id) REFERENCES ir_ui_view (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (alias_domain_id) REFERENCES mail_alias_domain (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (website_id) REFERENCES website (id) ON DELETE SET NULL;
ALTER TABLE res_partner
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (title) REFERENCES res_partner_title (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (parent_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (state_id) REFERENCES res_country_state (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (country_id) REFERENCES res_country (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (industry_id) REFERENCES res_partner_industry (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (commercial_partner_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (message_main_attachment_id) REFERENCES ir_attachment (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (team_id) REFERENCES crm_team (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (website_id) REFERENCES website (id) ON DELETE SET NULL;
ALTER TABLE res_country ADD FOREIGN KEY (currency_id) REFERENCES res_currency (id) ON DELETE SET NULL;
ALTER TABLE res_country_state ADD FOREIGN KEY (country_id) REFERENCES res_country (id) ON DELETE RESTRICT;
ALTER TABLE res_bank
    ADD FOREIGN KEY (state) REFERENCES res_country_state (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (country) REFERENCES res_country (id) ON DELETE SET NULL;
ALTER TABLE res_partner_bank
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (bank_id) REFERENCES res_bank (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (currency_id) REFERENCES res_currency (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL;
ALTER TABLE ir_model_fields ADD FOREIGN KEY (model_id) REFERENCES ir_model (id) ON DELETE CASCADE;
ALTER TABLE ir_property
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (fields_id) REFERENCES ir_model_fields (id) ON DELETE CASCADE;
ALTER TABLE ir_cron
    ADD FOREIGN KEY (ir_actions_server_id) REFERENCES ir_act_server (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL;
ALTER TABLE ir_cron_trigger ADD FOREIGN KEY (cron_id) REFERENCES ir_cron (id) ON DELETE CASCADE;
ALTER TABLE ir_attachment
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (original_id) REFERENCES ir_attachment (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (website_id) REFERENCES website (id) ON DELETE CASCADE;
ALTER TABLE ir_ui_view
    ADD FOREIGN KEY (inherit_id) REFERENCES ir_ui_view (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (website_id) REFERENCES website (id) ON DELETE CASCADE;
ALTER TABLE resource_calendar ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL;
ALTER TABLE resource_resource
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (calendar_id) REFERENCES resource_calendar (id) ON DELETE SET NULL;
ALTER TABLE hr_department
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (parent_id) REFERENCES hr_department (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (manager_id) REFERENCES hr_employee (id) ON DELETE SET NULL;
ALTER TABLE hr_job
    ADD FOREIGN KEY (department_id) REFERENCES hr_department (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL;
ALTER TABLE hr_employee
    ADD FOREIGN KEY (resource_id) REFERENCES resource_resource (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (department_id) REFERENCES hr_department (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (job_id) REFERENCES hr_job (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (address_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (work_contact_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (resource_calendar_id) REFERENCES resource_calendar (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (parent_id) REFERENCES hr_employee (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (coach_id) REFERENCES hr_employee (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (private_state_id) REFERENCES res_country_state (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (private_country_id) REFERENCES res_country (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (country_id) REFERENCES res_country (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (country_of_birth) REFERENCES res_country (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (bank_account_id) REFERENCES res_partner_bank (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (departure_reason_id) REFERENCES hr_departure_reason (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (message_main_attachment_id) REFERENCES ir_attachment (id) ON DELETE SET NULL;
ALTER TABLE mail_message_subtype ADD FOREIGN KEY (parent_id) REFERENCES mail_message_subtype (id) ON DELETE SET NULL;
ALTER TABLE mail_message
    ADD FOREIGN KEY (parent_id) REFERENCES mail_message (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (record_alias_domain_id) REFERENCES mail_alias_domain (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (record_company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (subtype_id) REFERENCES mail_message_subtype (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (author_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (mail_server_id) REFERENCES ir_mail_server (id) ON DELETE SET NULL;
ALTER TABLE mail_mail
    ADD FOREIGN KEY (mail_message_id) REFERENCES mail_message (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (fetchmail_server_id) REFERENCES fetchmail_server (id) ON DELETE SET NULL;
ALTER TABLE mail_notification
    ADD FOREIGN KEY (author_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (mail_message_id) REFERENCES mail_message (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (mail_mail_id) REFERENCES mail_mail (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (res_partner_id) REFERENCES res_partner (id) ON DELETE CASCADE;
ALTER TABLE mail_followers ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE CASCADE;
ALTER TABLE mail_tracking_value
    ADD FOREIGN KEY (field_id) REFERENCES ir_model_fields (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (currency_id) REFERENCES res_currency (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (mail_message_id) REFERENCES mail_message (id) ON DELETE CASCADE;
ALTER TABLE mail_template
    ADD FOREIGN KEY (model_id) REFERENCES ir_model (id) ON DELETE CASCADE,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (mail_server_id) REFERENCES ir_mail_server (id) ON DELETE SET NULL;
ALTER TABLE fetchmail_server ADD FOREIGN KEY (object_id) REFERENCES ir_model (id) ON DELETE CASCADE;
ALTER TABLE mail_partner_device ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE SET NULL;
ALTER TABLE mail_notification_web_push ADD FOREIGN KEY (user_device) REFERENCES mail_partner_device (id) ON DELETE CASCADE;
ALTER TABLE payment_method ADD FOREIGN KEY (primary_payment_method_id) REFERENCES payment_method (id) ON DELETE SET NULL;
ALTER TABLE payment_provider
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (redirect_form_view_id) REFERENCES ir_ui_view (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (inline_form_view_id) REFERENCES ir_ui_view (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (token_inline_form_view_id) REFERENCES ir_ui_view (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (express_checkout_form_view_id) REFERENCES ir_ui_view (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (module_id) REFERENCES ir_module_module (id) ON DELETE SET NULL;
ALTER TABLE payment_token
    ADD FOREIGN KEY (provider_id) REFERENCES payment_provider (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (payment_method_id) REFERENCES payment_method (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE SET NULL;
ALTER TABLE payment_transaction
    ADD FOREIGN KEY (provider_id) REFERENCES payment_provider (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (payment_method_id) REFERENCES payment_method (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (currency_id) REFERENCES res_currency (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (token_id) REFERENCES payment_token (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (source_transaction_id) REFERENCES payment_transaction (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (callback_model_id) REFERENCES ir_model (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (partner_state_id) REFERENCES res_country_state (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (partner_country_id) REFERENCES res_country (id) ON DELETE SET NULL;
ALTER TABLE delivery_carrier ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL;
ALTER TABLE website
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (default_lang_id) REFERENCES res_lang (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE RESTRICT;
ALTER TABLE crm_team
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL;
ALTER TABLE crm_stage ADD FOREIGN KEY (team_id) REFERENCES crm_team (id) ON DELETE SET NULL;
ALTER TABLE crm_lead
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (team_id) REFERENCES crm_team (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (stage_id) REFERENCES crm_stage (id) ON DELETE RESTRICT,
    ADD FOREIGN KEY (partner_id) REFERENCES res_partner (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (title) REFERENCES res_partner_title (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (lang_id) REFERENCES res_lang (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (state_id) REFERENCES res_country_state (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (country_id) REFERENCES res_country (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (message_main_attachment_id) REFERENCES ir_attachment (id) ON DELETE SET NULL;
ALTER TABLE queue_job
    ADD FOREIGN KEY (user_id) REFERENCES res_users (id) ON DELETE SET NULL,
    ADD FOREIGN KEY (company_id) REFERENCES res_company (id) ON DELETE SET NULL;
ALTER TABLE queue_job_function ADD FOREIGN KEY (model_id) REFERENCES ir_model (id) ON DELETE CASCADE;

-- =====================================================================================================
-- The personal-data tables of Odoo's standard Community modules (test fixture, not product code).
--
-- The same section is in the 16.0, 17.0 and 18.0 fixtures (before the create_uid/write_uid foreign keys),
-- followed by what differs in the series. Each table has the columns of the
-- real model that hold personal data (e-mails, phones, names, addresses, IPs, free text about a
-- person, credentials), with the model's column names and types, plus the keys that tie it to the
-- rest: what a database with these modules installed holds, so the PII gate and the anonymization
-- tests see what a real install has. Modules (ir_module_module rows) are not added: their
-- neutralize.sql files are covered by the neutralization fixtures.
--
-- Transient models (wizards: Odoo's autovacuum empties them, the stage clone empties them too) are
-- registered in ir_model with transient = true, as Odoo's registry does.
-- =====================================================================================================

-- mail (blacklist, gateway allow-list, guests, activities), phone_validation, sms, snailmail, privacy_lookup
CREATE TABLE mail_blacklist (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    email varchar NOT NULL,
    active boolean,
    CONSTRAINT mail_blacklist_unique_email UNIQUE (email)
);
CREATE TABLE phone_blacklist (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    number varchar NOT NULL,
    active boolean,
    CONSTRAINT phone_blacklist_unique_number UNIQUE (number)
);
CREATE TABLE mail_guest (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    access_token varchar NOT NULL,
    country_id integer REFERENCES res_country (id) ON DELETE SET NULL,
    lang varchar,
    timezone varchar
);
CREATE TABLE mail_activity (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    res_model_id integer REFERENCES ir_model (id) ON DELETE CASCADE,
    res_id integer,
    res_model varchar,
    res_name varchar,
    summary varchar,
    note text,
    date_deadline date NOT NULL,
    user_id integer REFERENCES res_users (id) ON DELETE SET NULL
);
CREATE TABLE sms_sms (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    uuid varchar,
    number varchar,
    body text,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    mail_message_id integer REFERENCES mail_message (id) ON DELETE SET NULL,
    state varchar NOT NULL DEFAULT 'outgoing',
    failure_type varchar
);
CREATE TABLE snailmail_letter (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    user_id integer REFERENCES res_users (id) ON DELETE SET NULL,
    model varchar NOT NULL,
    res_id integer NOT NULL,
    partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE RESTRICT,
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE RESTRICT,
    attachment_id integer REFERENCES ir_attachment (id) ON DELETE CASCADE,
    color boolean,
    cover boolean,
    duplex boolean,
    state varchar,
    error_code varchar,
    info_msg text,
    street varchar,
    street2 varchar,
    zip varchar,
    city varchar,
    state_id integer REFERENCES res_country_state (id) ON DELETE SET NULL,
    country_id integer REFERENCES res_country (id) ON DELETE SET NULL
);
CREATE TABLE privacy_log (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    date timestamp without time zone NOT NULL,
    anonymized_name varchar NOT NULL,
    anonymized_email varchar NOT NULL,
    user_id integer REFERENCES res_users (id) ON DELETE SET NULL,
    execution_details text,
    records_description text,
    additional_note text
);

-- calendar
CREATE TABLE calendar_event (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    description text,
    location varchar,
    videocall_location varchar,
    access_token varchar,
    start timestamp without time zone NOT NULL,
    stop timestamp without time zone NOT NULL,
    user_id integer REFERENCES res_users (id) ON DELETE SET NULL,
    privacy varchar
);
CREATE TABLE calendar_attendee (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    event_id integer NOT NULL REFERENCES calendar_event (id) ON DELETE CASCADE,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    common_name varchar,
    access_token varchar,
    state varchar
);

-- sale, account
CREATE TABLE sale_order (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    state varchar,
    partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE RESTRICT,
    partner_invoice_id integer NOT NULL REFERENCES res_partner (id) ON DELETE RESTRICT,
    partner_shipping_id integer NOT NULL REFERENCES res_partner (id) ON DELETE RESTRICT,
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE RESTRICT,
    client_order_ref varchar,
    note text,
    access_token varchar,
    signed_by varchar,
    signed_on timestamp without time zone,
    signature bytea,
    date_order timestamp without time zone NOT NULL
);
CREATE TABLE account_move (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    move_type varchar NOT NULL,
    state varchar NOT NULL,
    date date NOT NULL,
    partner_id integer REFERENCES res_partner (id) ON DELETE RESTRICT,
    commercial_partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    partner_bank_id integer REFERENCES res_partner_bank (id) ON DELETE SET NULL,
    invoice_partner_display_name varchar,
    ref varchar,
    payment_reference varchar,
    narration text,
    access_token varchar,
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE RESTRICT
);
CREATE TABLE account_bank_statement_line (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    move_id integer NOT NULL REFERENCES account_move (id) ON DELETE CASCADE,
    partner_id integer REFERENCES res_partner (id) ON DELETE RESTRICT,
    partner_name varchar,
    account_number varchar,
    payment_ref varchar,
    amount numeric,
    company_id integer REFERENCES res_company (id) ON DELETE SET NULL
);

-- hr_recruitment, hr_holidays, hr_skills, hr_contract, fleet
CREATE TABLE hr_leave (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    employee_id integer REFERENCES hr_employee (id) ON DELETE CASCADE,
    private_name varchar,
    name varchar,
    notes text,
    state varchar,
    date_from timestamp without time zone NOT NULL,
    date_to timestamp without time zone NOT NULL
);
CREATE TABLE hr_resume_line (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    employee_id integer REFERENCES hr_employee (id) ON DELETE CASCADE,
    name varchar NOT NULL,
    description text,
    date_start date NOT NULL,
    date_end date
);
CREATE TABLE hr_contract (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    employee_id integer REFERENCES hr_employee (id) ON DELETE SET NULL,
    wage numeric NOT NULL,
    notes text,
    state varchar,
    date_start date NOT NULL,
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE RESTRICT
);
CREATE TABLE fleet_vehicle (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    license_plate varchar,
    vin_sn varchar,
    driver_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    location varchar,
    company_id integer REFERENCES res_company (id) ON DELETE SET NULL
);

-- project
CREATE TABLE project_task (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    description text,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    email_cc varchar,
    active boolean
);

-- event, survey
CREATE TABLE event_registration (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    event_id integer NOT NULL,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    name varchar,
    email varchar,
    phone varchar,
    company_name varchar,
    state varchar
);
CREATE TABLE survey_user_input (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    survey_id integer NOT NULL,
    partner_id integer REFERENCES res_partner (id) ON DELETE CASCADE,
    email varchar,
    nickname varchar,
    access_token varchar NOT NULL,
    state varchar
);
CREATE TABLE survey_user_input_line (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    user_input_id integer NOT NULL REFERENCES survey_user_input (id) ON DELETE CASCADE,
    answer_type varchar,
    value_char_box varchar,
    value_numerical_box double precision,
    value_text_box text
);

-- point_of_sale
CREATE TABLE pos_payment (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    pos_order_id integer NOT NULL,
    amount numeric NOT NULL,
    cardholder_name varchar,
    card_type varchar,
    transaction_id varchar,
    payment_status varchar
);

-- im_livechat
CREATE TABLE chatbot_message (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    mail_message_id integer REFERENCES mail_message (id) ON DELETE CASCADE,
    user_raw_answer text
);

-- mass_mailing (+ mass_mailing_sms columns), link_tracker
CREATE TABLE mailing_contact (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    company_name varchar,
    email varchar,
    email_normalized varchar,
    mobile varchar,
    phone_sanitized varchar,
    country_id integer REFERENCES res_country (id) ON DELETE SET NULL,
    is_blacklisted boolean
);
CREATE TABLE mailing_trace (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    trace_type varchar NOT NULL,
    model varchar NOT NULL,
    res_id integer,
    email varchar,
    sms_number varchar,
    message_id varchar,
    trace_status varchar
);
CREATE TABLE mailing_mailing (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    subject varchar NOT NULL,
    email_from varchar NOT NULL,
    reply_to varchar,
    body_html text,
    state varchar
);
-- rating (installed with project, im_livechat, website_slides, ...): customers' free-text comments
CREATE TABLE rating_rating (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    res_model varchar,
    res_id integer,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    rated_partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    rating double precision,
    feedback text,
    access_token varchar,
    consumed boolean
);
CREATE TABLE link_tracker_click (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    link_id integer NOT NULL,
    ip varchar,
    country_id integer REFERENCES res_country (id) ON DELETE SET NULL
);

-- wizards (TransientModel) that hold personal data while someone uses them
CREATE TABLE mail_compose_message (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    subject varchar,
    body text,
    email_from varchar,
    reply_to varchar,
    author_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    model varchar,
    res_ids text
);
CREATE TABLE mail_blacklist_remove (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    email varchar NOT NULL,
    reason varchar
);
CREATE TABLE phone_blacklist_remove (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    phone varchar NOT NULL,
    reason varchar
);
CREATE TABLE sms_composer (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    composition_mode varchar NOT NULL,
    res_model varchar,
    res_id integer,
    numbers varchar,
    recipient_single_number_itf varchar,
    body text NOT NULL
);
CREATE TABLE portal_wizard_user (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    wizard_id integer NOT NULL,
    partner_id integer NOT NULL REFERENCES res_partner (id) ON DELETE CASCADE,
    email varchar
);
CREATE TABLE privacy_lookup_wizard (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    email varchar NOT NULL,
    log_id integer
);
CREATE TABLE change_password_user (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    wizard_id integer NOT NULL,
    user_id integer NOT NULL REFERENCES res_users (id) ON DELETE CASCADE,
    user_login varchar,
    new_passwd varchar
);

INSERT INTO ir_model (name, model, info, state, transient, is_mail_thread, is_mail_activity, is_mail_blacklist) VALUES
    ('{"en_US": "Mail Blacklist"}', 'mail.blacklist', NULL, 'base', false, true, false, false),
    ('{"en_US": "Phone Blacklist"}', 'phone.blacklist', NULL, 'base', false, true, false, false),
    ('{"en_US": "Guest"}', 'mail.guest', NULL, 'base', false, false, false, false),
    ('{"en_US": "Activity"}', 'mail.activity', NULL, 'base', false, false, false, false),
    ('{"en_US": "Outgoing SMS"}', 'sms.sms', NULL, 'base', false, false, false, false),
    ('{"en_US": "Snailmail Letter"}', 'snailmail.letter', NULL, 'base', false, false, false, false),
    ('{"en_US": "Privacy Log"}', 'privacy.log', NULL, 'base', false, false, false, false),
    ('{"en_US": "Calendar Event"}', 'calendar.event', NULL, 'base', false, true, true, false),
    ('{"en_US": "Calendar Attendee Information"}', 'calendar.attendee', NULL, 'base', false, false, false, false),
    ('{"en_US": "Sales Order"}', 'sale.order', NULL, 'base', false, true, true, false),
    ('{"en_US": "Journal Entry"}', 'account.move', NULL, 'base', false, true, true, false),
    ('{"en_US": "Bank Statement Line"}', 'account.bank.statement.line', NULL, 'base', false, false, false, false),
    ('{"en_US": "Time Off"}', 'hr.leave', NULL, 'base', false, true, true, false),
    ('{"en_US": "Resume line of an employee"}', 'hr.resume.line', NULL, 'base', false, false, false, false),
    ('{"en_US": "Contract"}', 'hr.contract', NULL, 'base', false, true, true, false),
    ('{"en_US": "Vehicle"}', 'fleet.vehicle', NULL, 'base', false, true, true, false),
    ('{"en_US": "Task"}', 'project.task', NULL, 'base', false, true, true, false),
    ('{"en_US": "Event Registration"}', 'event.registration', NULL, 'base', false, true, true, false),
    ('{"en_US": "Survey User Input"}', 'survey.user_input', NULL, 'base', false, true, true, false),
    ('{"en_US": "Survey User Input Line"}', 'survey.user_input.line', NULL, 'base', false, false, false, false),
    ('{"en_US": "Point of Sale Payments"}', 'pos.payment', NULL, 'base', false, false, false, false),
    ('{"en_US": "Chatbot Message"}', 'chatbot.message', NULL, 'base', false, false, false, false),
    ('{"en_US": "Mailing Contact"}', 'mailing.contact', NULL, 'base', false, true, false, true),
    ('{"en_US": "Mailing Statistics"}', 'mailing.trace', NULL, 'base', false, false, false, false),
    ('{"en_US": "Mass Mailing"}', 'mailing.mailing', NULL, 'base', false, true, true, false),
    ('{"en_US": "Rating"}', 'rating.rating', NULL, 'base', false, false, false, false),
    ('{"en_US": "Link Tracker Click"}', 'link.tracker.click', NULL, 'base', false, false, false, false),
    ('{"en_US": "Email composition wizard"}', 'mail.compose.message', NULL, 'base', true, false, false, false),
    ('{"en_US": "Remove email from blacklist wizard"}', 'mail.blacklist.remove', NULL, 'base', true, false, false, false),
    ('{"en_US": "Remove phone from blacklist"}', 'phone.blacklist.remove', NULL, 'base', true, false, false, false),
    ('{"en_US": "Send SMS Wizard"}', 'sms.composer', NULL, 'base', true, false, false, false),
    ('{"en_US": "Portal User Config"}', 'portal.wizard.user', NULL, 'base', true, false, false, false),
    ('{"en_US": "Privacy Lookup Wizard"}', 'privacy.lookup.wizard', NULL, 'base', true, false, false, false),
    ('{"en_US": "User, Change Password Wizard"}', 'change.password.user', NULL, 'base', true, false, false, false);

-- Odoo 17.0 differences of the standard Community modules' personal-data tables: the section above, then these.
ALTER TABLE res_partner ADD COLUMN contact_address_complete varchar;
ALTER TABLE account_bank_statement_line ADD COLUMN transaction_details jsonb;
ALTER TABLE pos_payment ADD COLUMN card_no varchar;
CREATE TABLE mail_gateway_allowed (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    email varchar NOT NULL,
    email_normalized varchar
);
CREATE TABLE iap_account_info (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    account_id integer REFERENCES iap_account (id) ON DELETE SET NULL,
    account_token varchar,
    balance numeric,
    account_uuid_hashed varchar,
    service_name varchar,
    description varchar,
    warn_me boolean,
    warning_threshold double precision,
    warning_email varchar,
    unit_name varchar
);
CREATE TABLE discuss_channel (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    channel_type varchar NOT NULL,
    description text,
    uuid varchar,
    anonymous_name varchar,
    country_id integer REFERENCES res_country (id) ON DELETE SET NULL
);
CREATE TABLE discuss_channel_member (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    channel_id integer NOT NULL REFERENCES discuss_channel (id) ON DELETE CASCADE,
    partner_id integer REFERENCES res_partner (id) ON DELETE CASCADE,
    guest_id integer REFERENCES mail_guest (id) ON DELETE CASCADE,
    custom_channel_name varchar
);
CREATE TABLE hr_applicant (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    partner_name varchar,
    email_from varchar,
    email_normalized varchar,
    email_cc text,
    partner_phone varchar,
    partner_phone_sanitized varchar,
    linkedin_profile varchar,
    description text,
    active boolean
);
CREATE TABLE hr_attendance (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    employee_id integer NOT NULL REFERENCES hr_employee (id) ON DELETE CASCADE,
    check_in timestamp without time zone NOT NULL,
    check_out timestamp without time zone,
    in_latitude double precision, in_longitude double precision, in_country_name varchar, in_city varchar,
    in_ip_address varchar, in_browser varchar, in_mode varchar,
    out_latitude double precision, out_longitude double precision, out_country_name varchar, out_city varchar,
    out_ip_address varchar, out_browser varchar, out_mode varchar
);
CREATE TABLE event_registration_answer (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    registration_id integer NOT NULL REFERENCES event_registration (id) ON DELETE CASCADE,
    question_id integer NOT NULL,
    value_answer_id integer,
    value_text_box text
);
INSERT INTO ir_model (name, model, info, state, transient, is_mail_thread, is_mail_activity, is_mail_blacklist) VALUES
    ('{"en_US": "Mail Gateway Allowed"}', 'mail.gateway.allowed', NULL, 'base', false, false, false, false),
    ('{"en_US": "IAP Account Info"}', 'iap.account.info', NULL, 'base', true, false, false, false),
    ('{"en_US": "Discussion Channel"}', 'discuss.channel', NULL, 'base', false, true, false, false),
    ('{"en_US": "Channel Member"}', 'discuss.channel.member', NULL, 'base', false, false, false, false),
    ('{"en_US": "Applicant"}', 'hr.applicant', NULL, 'base', false, true, true, true),
    ('{"en_US": "Attendance"}', 'hr.attendance', NULL, 'base', false, false, false, false),
    ('{"en_US": "Event Registration Answer"}', 'event.registration.answer', NULL, 'base', false, false, false, false);

-- Issue 15 item 2, checked field by field against Odoo's model definitions (docs/anonymization-coverage.md):
-- the personal-data and credential columns of the standard Community modules a real install has.
-- mail: TURN/STUN servers of Discuss calls (a third-party login and credential)
CREATE TABLE mail_ice_server (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    server_type varchar NOT NULL,
    uri varchar NOT NULL,
    username varchar,
    credential varchar
);
-- bus: notifications waiting for the browsers (partners' names and e-mails in JSON text)
CREATE TABLE bus_bus (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    channel varchar,
    message varchar
);
-- survey: every kind of answer a participant gives (a date of birth, an age, a free text)
ALTER TABLE survey_user_input_line ADD COLUMN value_date date, ADD COLUMN value_datetime timestamp without time zone;
-- crm: the Cc addresses of the e-mail that created the lead
ALTER TABLE crm_lead ADD COLUMN email_cc text;
-- hr_contract 17+: the employee's legal name (payroll), stored on the employee
ALTER TABLE hr_employee ADD COLUMN legal_name varchar;
-- point_of_sale 17+: the customer's e-mail and mobile, stored on the order (for the receipt and the invoice)
CREATE TABLE pos_order (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar NOT NULL,
    partner_id integer REFERENCES res_partner (id) ON DELETE SET NULL,
    email varchar,
    mobile varchar,
    state varchar
);
-- hr_holidays: allocations, with their private description and the manager's reasons
CREATE TABLE hr_leave_allocation (
    id serial PRIMARY KEY, create_uid integer, create_date timestamp without time zone, write_uid integer,
    write_date timestamp without time zone,
    name varchar,
    private_name varchar,
    notes text,
    employee_id integer REFERENCES hr_employee (id) ON DELETE CASCADE,
    state varchar
);
-- mail 17+: the address a notification was sent to when no partner matched (mass mailing, Cc)
ALTER TABLE mail_notification ADD COLUMN mail_email_address varchar;
INSERT INTO ir_model (name, model, info, state, transient, is_mail_thread, is_mail_activity, is_mail_blacklist) VALUES
    ('{"en_US": "ICE server"}', 'mail.ice.server', NULL, 'base', false, false, false, false),
    ('{"en_US": "Communication Bus"}', 'bus.bus', NULL, 'base', false, false, false, false),
    ('{"en_US": "Point of Sale Orders"}', 'pos.order', NULL, 'base', false, true, true, false),
    ('{"en_US": "Time Off Allocation"}', 'hr.leave.allocation', NULL, 'base', false, true, true, false);

-- create_uid / write_uid -> res_users on every table that has them (the ORM's "magic" columns).
-- (ir_act_server and the other ir_actions children do not inherit constraints: added explicitly.)
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
         WHERE c.table_schema = current_schema()
           AND tb.table_type = 'BASE TABLE'
           AND c.column_name IN ('create_uid', 'write_uid')
         ORDER BY c.table_name, c.column_name
    LOOP
        EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (%I) REFERENCES res_users (id) ON DELETE SET NULL',
                       t.table_name, t.column_name);
    END LOOP;
END
$$;

-- the trigram index Odoo creates for a name search, when pg_trgm could be installed
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX res_partner__complete_name_trgm_index ON res_partner USING gin (complete_name gin_trgm_ops)';
    END IF;
END
$$;


