#!/bin/bash
# Entry point of the Odoo stand-in image. Same contract as the official odoo/docker image's
# entrypoint.sh (17.0/18.0): database connection settings come from the environment (HOST, PORT,
# USER, PASSWORD, with the legacy Docker-link and PG* names as fallbacks) and are passed to odoo
# as --db_host/--db_port/--db_user/--db_password unless odoo.conf ($ODOO_RC) already sets them;
# before starting odoo it waits up to 30 s for PostgreSQL (wait-for-psql.py).
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
    # only when odoo.conf does not set the parameter itself
    local param="$1" value="$2"
    if ! grep -q -E "^\s*\b${param}\b\s*=" "${ODOO_RC:-/etc/odoo/odoo.conf}" 2>/dev/null; then
        DB_ARGS+=("--${param}" "${value}")
    fi
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
