#!/bin/bash
# Entry point of the Odoo stand-in image. Same contract as the official odoo/docker image's
# entrypoint.sh (17.0/18.0): database connection settings come from the environment (HOST, PORT,
# USER, PASSWORD, with the legacy Docker-link and PG* names as fallbacks) and are ALWAYS passed to
# odoo as --db_host/--db_port/--db_user/--db_password: when odoo.conf ($ODOO_RC) sets one, its value
# is taken from there (the third space-separated field of the line, quotes and CRs removed) and
# still put on the command line, so a password in the config file is in `ps` all the same. Before
# starting odoo it waits up to 30 s for PostgreSQL (wait-for-psql.py).
#   odoo [args] | -- [args]  -> wait for PostgreSQL, exec odoo args + db args
#   odoo scaffold ...        -> exec odoo scaffold ... (no wait, no db args)
#   -<option> ...            -> wait, exec odoo options + db args
#   anything else            -> exec it as is (e.g. bash)
set -e

if [ -v PASSWORD_FILE ]; then
    PASSWORD="$(< "$PASSWORD_FILE")"
fi

: "${HOST:=${DB_PORT_5432_TCP_ADDR:=${PGHOST:=db}}}"
: "${PORT:=${DB_PORT_5432_TCP_PORT:=${PGPORT:=5432}}}"
: "${USER:=${DB_ENV_POSTGRES_USER:=${POSTGRES_USER:=${PGUSER:=odoo}}}}"
: "${PASSWORD:=${DB_ENV_POSTGRES_PASSWORD:=${POSTGRES_PASSWORD:=${PGPASSWORD:=odoo}}}}"

DB_ARGS=()
add_db_arg() {
    # always on the command line; a value set in odoo.conf replaces the environment's (read the way
    # the official script reads it: third field when split on single spaces)
    local param="$1" value="$2" rc="${ODOO_RC:-/etc/odoo/odoo.conf}"
    if grep -q -E "^\s*\b${param}\b\s*=" "$rc" 2>/dev/null; then
        value=$(grep -E "^\s*\b${param}\b\s*=" "$rc" | cut -d ' ' -f 3 | tr -d '"\r')
    fi
    DB_ARGS+=("--${param}" "${value}")
}
add_db_arg "db_host" "$HOST"
add_db_arg "db_port" "$PORT"
add_db_arg "db_user" "$USER"
add_db_arg "db_password" "$PASSWORD"

case "$1" in
    -- | odoo)
        shift
        if [[ "$1" == "scaffold" ]]; then
            exec odoo "$@"
        else
            wait-for-psql.py "${DB_ARGS[@]}" --timeout=30
            exec odoo "$@" "${DB_ARGS[@]}"
        fi
        ;;
    -*)
        wait-for-psql.py "${DB_ARGS[@]}" --timeout=30
        exec odoo "$@" "${DB_ARGS[@]}"
        ;;
    *)
        exec "$@"
esac

exit 1
