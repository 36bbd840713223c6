-- A Redash metadata database as `manage database create_tables` leaves it (redash/models, alembic
-- head db0aca1ebd32), with rows shaped like a small team's install. Runs as the owner role.
CREATE TABLE organizations (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  name varchar(255) NOT NULL, slug varchar(255) NOT NULL UNIQUE, settings text NOT NULL);
CREATE TABLE groups (id serial PRIMARY KEY, org_id integer NOT NULL REFERENCES organizations(id), type varchar(255),
  name varchar(100) NOT NULL, permissions varchar(255)[] NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE users (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  org_id integer NOT NULL REFERENCES organizations(id), name varchar(320) NOT NULL, email varchar(255) NOT NULL,
  profile_image_url varchar(320), password_hash varchar(128), groups integer[], api_key varchar(40) NOT NULL UNIQUE,
  disabled_at timestamptz, details json DEFAULT '{}', UNIQUE (email, org_id));
CREATE TABLE data_sources (id serial PRIMARY KEY, org_id integer NOT NULL REFERENCES organizations(id),
  name varchar(255) NOT NULL, type varchar(255) NOT NULL, encrypted_options bytea, queue_name varchar(255) NOT NULL,
  scheduled_queue_name varchar(255) NOT NULL, created_at timestamptz NOT NULL, UNIQUE (org_id, name));
CREATE TABLE data_source_groups (id serial PRIMARY KEY, data_source_id integer NOT NULL REFERENCES data_sources(id),
  group_id integer NOT NULL REFERENCES groups(id), view_only boolean);
CREATE TABLE query_results (id serial PRIMARY KEY, org_id integer NOT NULL REFERENCES organizations(id),
  data_source_id integer NOT NULL REFERENCES data_sources(id), query_hash varchar(32) NOT NULL, query text NOT NULL,
  data text, runtime double precision NOT NULL, retrieved_at timestamptz NOT NULL);
CREATE INDEX ix_query_results_query_hash ON query_results (query_hash);
CREATE TABLE queries (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  org_id integer NOT NULL REFERENCES organizations(id), data_source_id integer REFERENCES data_sources(id),
  latest_query_data_id integer REFERENCES query_results(id), name varchar(255) NOT NULL, description varchar(4096),
  query text NOT NULL, query_hash varchar(32) NOT NULL, api_key varchar(40) NOT NULL,
  user_id integer NOT NULL REFERENCES users(id), last_modified_by_id integer REFERENCES users(id),
  is_archived boolean NOT NULL DEFAULT false, is_draft boolean NOT NULL DEFAULT true, schedule text,
  schedule_failures integer NOT NULL DEFAULT 0, options text NOT NULL DEFAULT '{}', search_vector tsvector,
  tags varchar(255)[], version integer NOT NULL DEFAULT 1);
CREATE INDEX ix_queries_search_vector ON queries USING gin (search_vector);
CREATE INDEX ix_queries_is_archived ON queries (is_archived);
-- sqlalchemy-searchable's trigger: keeps search_vector in step with id, name, description, query.
CREATE FUNCTION queries_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector = to_tsvector('pg_catalog.simple', coalesce(NEW.id::text, '') || ' ' ||
    coalesce(NEW.name, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce(NEW.query, ''));
  RETURN NEW;
END $$;
CREATE TRIGGER queries_search_vector_trigger BEFORE INSERT OR UPDATE ON queries
  FOR EACH ROW EXECUTE FUNCTION queries_search_vector_update();
CREATE TABLE visualizations (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  type varchar(100) NOT NULL, query_id integer NOT NULL REFERENCES queries(id), name varchar(255) NOT NULL,
  description varchar(4096), options text NOT NULL);
CREATE TABLE dashboards (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  version integer NOT NULL, org_id integer NOT NULL REFERENCES organizations(id), slug varchar(140) NOT NULL,
  name varchar(100) NOT NULL, user_id integer NOT NULL REFERENCES users(id), layout text NOT NULL,
  dashboard_filters_enabled boolean, is_archived boolean NOT NULL DEFAULT false, is_draft boolean NOT NULL DEFAULT true,
  tags varchar(255)[], options json NOT NULL DEFAULT '{}');
CREATE INDEX ix_dashboards_slug ON dashboards (slug);
CREATE TABLE widgets (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  visualization_id integer REFERENCES visualizations(id) ON DELETE CASCADE, text text, width integer NOT NULL,
  options text NOT NULL, dashboard_id integer NOT NULL REFERENCES dashboards(id));
CREATE INDEX ix_widgets_dashboard_id ON widgets (dashboard_id);
CREATE TABLE notification_destinations (id serial PRIMARY KEY, org_id integer NOT NULL REFERENCES organizations(id),
  user_id integer NOT NULL REFERENCES users(id), name varchar(255) NOT NULL, type varchar(255) NOT NULL,
  encrypted_options bytea NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE alerts (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  name varchar(255) NOT NULL, query_id integer NOT NULL REFERENCES queries(id), user_id integer NOT NULL REFERENCES users(id),
  options text NOT NULL, state varchar(255) NOT NULL, last_triggered_at timestamptz, rearm integer);
CREATE TABLE alert_subscriptions (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  user_id integer NOT NULL REFERENCES users(id), destination_id integer REFERENCES notification_destinations(id),
  alert_id integer NOT NULL REFERENCES alerts(id));
CREATE TABLE events (id serial PRIMARY KEY, org_id integer NOT NULL REFERENCES organizations(id),
  user_id integer REFERENCES users(id), action varchar(255) NOT NULL, object_type varchar(255) NOT NULL,
  object_id varchar(255), additional_properties text, created_at timestamptz NOT NULL);
CREATE TABLE api_keys (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  org_id integer NOT NULL REFERENCES organizations(id), api_key varchar(255) NOT NULL, active boolean NOT NULL,
  object_type varchar(255) NOT NULL, object_id integer NOT NULL, created_by_id integer REFERENCES users(id));
CREATE TABLE access_permissions (id serial PRIMARY KEY, object_type varchar(255) NOT NULL, object_id integer NOT NULL,
  access_type varchar(255) NOT NULL, grantor_id integer NOT NULL REFERENCES users(id), grantee_id integer NOT NULL REFERENCES users(id));
CREATE TABLE changes (id serial PRIMARY KEY, object_type varchar(255) NOT NULL, object_id integer NOT NULL,
  object_version integer NOT NULL, user_id integer NOT NULL REFERENCES users(id), change text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE favorites (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  org_id integer NOT NULL REFERENCES organizations(id), object_type varchar(255) NOT NULL, object_id integer NOT NULL,
  user_id integer NOT NULL REFERENCES users(id), UNIQUE (object_type, object_id, user_id));
CREATE TABLE query_snippets (id serial PRIMARY KEY, updated_at timestamptz NOT NULL, created_at timestamptz NOT NULL,
  org_id integer NOT NULL REFERENCES organizations(id), trigger varchar(255) NOT NULL UNIQUE, description text NOT NULL,
  user_id integer NOT NULL REFERENCES users(id), snippet text NOT NULL);
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);

INSERT INTO alembic_version VALUES ('db0aca1ebd32');
INSERT INTO organizations (updated_at, created_at, name, slug, settings)
  VALUES (now(), now(), 'Acme Analytics', 'default', '{"settings": {"beacon_consent": false}}');
INSERT INTO groups (org_id, type, name, permissions, created_at) VALUES
  (1, 'builtin', 'admin', '{admin,super_admin}', now()),
  (1, 'builtin', 'default', '{create_dashboard,create_query,edit_dashboard,edit_query,view_query,view_source,execute_query,list_users,schedule_query,list_dashboards,list_alerts,list_data_sources}', now());
INSERT INTO users (updated_at, created_at, org_id, name, email, password_hash, groups, api_key, details)
  SELECT now(), now() - (g || ' days')::interval, 1, 'User ' || g, 'user' || g || '@example.com',
         '$6$rounds=656000$' || md5(g::text), ARRAY[2] || CASE WHEN g = 1 THEN ARRAY[1] ELSE ARRAY[]::integer[] END,
         substr(md5('user-key-' || g), 1, 40), json_build_object('active_at', now())
  FROM generate_series(1, 40) g;
-- @data
-- data_sources rows come from RedashFixture: their options are Fernet tokens made with the key.
INSERT INTO query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)
  SELECT 1, 1 + (g % 3), md5('q' || (g % 300)), 'SELECT country, count(*) FROM orders GROUP BY 1 -- ' || g,
         json_build_object('columns', json_build_array(json_build_object('name', 'country', 'type', 'string')),
           'rows', (SELECT json_agg(json_build_object('country', 'C' || r, 'count', r * g)) FROM generate_series(1, 20) r))::text,
         random() * 10, now() - (g || ' minutes')::interval
  FROM generate_series(1, 1500) g;
INSERT INTO queries (updated_at, created_at, org_id, data_source_id, latest_query_data_id, name, description, query,
    query_hash, api_key, user_id, last_modified_by_id, is_draft, schedule, options, tags)
  SELECT now(), now() - (g || ' hours')::interval, 1, 1 + (g % 3), g, 'Orders by country #' || g, 'Daily view ' || g,
         'SELECT country, count(*) FROM orders WHERE day > now() - interval ''' || g || ' days'' GROUP BY 1',
         md5('q' || g), substr(md5('query-key-' || g), 1, 40), 1 + (g % 40), 1 + ((g + 1) % 40), g % 5 = 0,
         CASE WHEN g % 4 = 0 THEN '{"interval": 3600}' END, '{"parameters": []}', ARRAY['sales', 'tag' || (g % 7)]
  FROM generate_series(1, 300) g;
INSERT INTO visualizations (updated_at, created_at, type, query_id, name, description, options)
  SELECT now(), now(), CASE WHEN g % 2 = 0 THEN 'TABLE' ELSE 'CHART' END, 1 + (g % 300), 'Chart ' || g, '',
         '{"globalSeriesType": "column", "columnMapping": {"country": "x", "count": "y"}}'
  FROM generate_series(1, 600) g;
INSERT INTO dashboards (updated_at, created_at, version, org_id, slug, name, user_id, layout, dashboard_filters_enabled, is_draft, tags)
  SELECT now(), now(), 3, 1, 'dashboard-' || g, 'Dashboard ' || g, 1 + (g % 40), '[]', false, false, ARRAY['team']
  FROM generate_series(1, 30) g;
INSERT INTO widgets (updated_at, created_at, visualization_id, text, width, options, dashboard_id)
  SELECT now(), now(), 1 + (g % 600), '', 1, '{"position": {"col": 0, "row": ' || g || ', "sizeX": 3, "sizeY": 8}}', 1 + (g % 30)
  FROM generate_series(1, 240) g;
INSERT INTO alerts (updated_at, created_at, name, query_id, user_id, options, state, rearm)
  SELECT now(), now(), 'Alert ' || g, g, 1, '{"column": "count", "op": ">", "value": 100}', 'ok', 3600
  FROM generate_series(1, 12) g;
INSERT INTO events (org_id, user_id, action, object_type, object_id, additional_properties, created_at)
  SELECT 1, 1 + (g % 40), (ARRAY['view', 'execute', 'edit', 'login'])[1 + g % 4], 'query', (g % 300)::text,
         '{"ip": "10.0.0.' || (g % 250) || '", "user_agent": "Mozilla/5.0"}', now() - (g || ' seconds')::interval
  FROM generate_series(1, 5000) g;
INSERT INTO api_keys (updated_at, created_at, org_id, api_key, active, object_type, object_id, created_by_id)
  SELECT now(), now(), 1, md5('share-' || g), true, 'dashboards', g, 1 FROM generate_series(1, 5) g;
INSERT INTO access_permissions (object_type, object_id, access_type, grantor_id, grantee_id)
  SELECT 'queries', g, 'modify', 1, 1 + (g % 40) FROM generate_series(1, 20) g;
INSERT INTO changes (object_type, object_id, object_version, user_id, change, created_at)
  SELECT 'queries', 1 + (g % 300), g, 1 + (g % 40), '{"query": {"previous": "SELECT 1", "current": "SELECT 2"}}', now()
  FROM generate_series(1, 400) g;
INSERT INTO favorites (updated_at, created_at, org_id, object_type, object_id, user_id)
  SELECT now(), now(), 1, 'Query', g, 1 + (g % 40) FROM generate_series(1, 50) g;
INSERT INTO query_snippets (updated_at, created_at, org_id, trigger, description, user_id, snippet)
  SELECT now(), now(), 1, 'snip' || g, 'Snippet ' || g, 1, 'WHERE day > now() - interval ''7 days''' FROM generate_series(1, 8) g;
INSERT INTO data_source_groups (data_source_id, group_id, view_only)
  SELECT ds, 2, false FROM generate_series(1, 3) ds;
INSERT INTO favorites (updated_at, created_at, org_id, object_type, object_id, user_id)
  SELECT now(), now(), 1, 'Dashboard', g, 1 FROM generate_series(1, 10) g;
