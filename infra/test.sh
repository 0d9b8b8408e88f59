#!/usr/bin/env bash
# `npm test`: starts what the tests need (Kafka unless KAFKA_BROKERS is set; Postgres unless one
# answers or DATABASE_URL is set), builds the workspace, creates the contract topics, and runs
# every test. Arguments are passed to jest (e.g. `npm test -- libs/messaging`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "Kafka"
bash infra/kafka/kafka.sh start
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
# Against the local broker, secured by default: the tests connect as governor-test (every topic and
# group; services started by the harnesses get principals of their own), the topics step as the
# administrator. KAFKA_SECURITY=plaintext, or KAFKA_SASL_* of your own, change that.
data_dir="${GOVERNOR_DATA_DIR:-$PWD/infra/.data}"
credentials="$data_dir/kafka/credentials"
admin_env=()
if [[ -z "${KAFKA_SASL_USERNAME:-}" && "${KAFKA_SECURITY:-$(cat "$data_dir/kafka/security.mode" 2>/dev/null || echo scram)}" != "plaintext" && -f "$credentials/governor-test" ]]; then
  export KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=governor-test KAFKA_SASL_PASSWORD_FILE="$credentials/governor-test"
  admin_env=(KAFKA_SASL_USERNAME=governor-admin KAFKA_SASL_PASSWORD_FILE="$credentials/governor-admin")
  printf '[kafka] tests connect with SASL/SCRAM-SHA-512 as governor-test\n' >&2
fi

step "Postgres"
DATABASE_URL="$(bash infra/postgres/postgres.sh start governor_test)"
export DATABASE_URL
printf '[postgres] using %s\n' "$(printf '%s' "$DATABASE_URL" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')" >&2

step "Build"
npm run --silent build

step "Topics"
env "${admin_env[@]}" node dist/libs/messaging/src/cli/create-topics.js

step "Tests"
exec npx jest --ci "$@"
