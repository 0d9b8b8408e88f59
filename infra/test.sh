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

step "Postgres"
DATABASE_URL="$(bash infra/postgres/postgres.sh start governor_test)"
export DATABASE_URL
printf '[postgres] using %s\n' "$(printf '%s' "$DATABASE_URL" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')" >&2

step "Build"
npm run --silent build

step "Topics"
node dist/libs/messaging/src/cli/create-topics.js

step "Tests"
exec npx jest --ci "$@"
