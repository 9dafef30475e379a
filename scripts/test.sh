#!/usr/bin/env bash
# The test command of the README: install what the tests need on a fresh
# machine (Chromium for the browser tests, NLTK for the scorers), check
# formatting and vet, then run every test with the race detector. Run it
# from anywhere, with the shared data in ../shared (or $STORYLINE_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"
# The real-data tests read ../shared (or $STORYLINE_SHARED) and skip when it
# is absent; set STORYLINE_SHARED only when it is there, since a set value
# makes missing data a failure (as CI wants).
if [ -z "${STORYLINE_SHARED:-}" ] && [ -d ../shared/data ]; then
  export STORYLINE_SHARED="$(cd .. && pwd)/shared"
fi

echo "== install"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
/usr/bin/python3 -c 'import nltk' >/dev/null 2>&1 || need+=(python3-nltk)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
go version
go mod download

# The Postgres store's tests need a server at 127.0.0.1:5432
# ($STORYLINE_TEST_POSTGRES): start the machine's PostgreSQL when it is
# down. On a machine without one they are skipped with a notice, except
# in CI (.ci/run sets STORYLINE_CI), where a missing server fails them.
echo "== postgres"
if ! pg_isready -h 127.0.0.1 -q 2>/dev/null && command -v pg_ctlcluster >/dev/null 2>&1; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 1
  done
fi
if ! pg_isready -h 127.0.0.1 -q 2>/dev/null && [ -z "${STORYLINE_CI:-}" ] && [ -z "${STORYLINE_TEST_POSTGRES:-}" ]; then
  echo "no PostgreSQL at 127.0.0.1:5432: the Postgres store's tests are skipped (STORYLINE_TEST_POSTGRES=skip)"
  export STORYLINE_TEST_POSTGRES=skip
fi
pg_isready -h 127.0.0.1 || true

# The distributed pipeline's tests need NATS with JetStream at
# 127.0.0.1:4222 ($STORYLINE_TEST_NATS): start the machine's nats-server
# when it is down. Without one they are skipped with a notice, except in
# CI, where a missing server fails them.
echo "== nats"
nats_up() { (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; }
if ! nats_up && [ -x /usr/sbin/nats-server ]; then
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  for _ in $(seq 30); do
    nats_up && break
    sleep 1
  done
fi
if nats_up; then
  echo "NATS at 127.0.0.1:4222"
elif [ -z "${STORYLINE_CI:-}" ] && [ -z "${STORYLINE_TEST_NATS:-}" ]; then
  echo "no NATS at 127.0.0.1:4222: the distributed pipeline's tests are skipped (STORYLINE_TEST_NATS=skip)"
  export STORYLINE_TEST_NATS=skip
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== tests"
go test -race -timeout 30m ./...
