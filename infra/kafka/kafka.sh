#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker in KRaft mode on 127.0.0.1:9092 for development and tests.
#
#   infra/kafka/kafka.sh start    fetch the jars (Maven) if needed, format storage on first run,
#                                 start the broker in the background and wait until it answers
#   infra/kafka/kafka.sh stop     stop the broker this script started
#   infra/kafka/kafka.sh status   exit 0 when it is running
#
# With KAFKA_BROKERS set, nothing is started: that cluster is used as it is.
# Data, logs and jars live under infra/.data/kafka (git-ignored).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${GOVERNOR_DATA_DIR:-$here/../.data}"
home="$data_root/kafka"
libs="$home/libs"
logs="$home/logs"
storage="$home/storage"
pidfile="$home/kafka.pid"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
start_timeout="${KAFKA_START_TIMEOUT_SECONDS:-90}"

log() { printf '[kafka] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

fetch_jars() {
  if [[ -f "$libs/.complete" ]]; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is needed to fetch the Kafka jars: install it (apt-get install maven)"; exit 1; }
  log "fetching the Apache Kafka jars from Maven Central (once)"
  mkdir -p "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" >&2
  touch "$libs/.complete"
}

java_cmd() {
  command -v java >/dev/null || { log "Java 17 is needed to run Kafka: install it (apt-get install openjdk-17-jre-headless)"; exit 1; }
  # shellcheck disable=SC2086
  exec java $heap -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$logs" -Dlog4j.configuration="file:$here/log4j.properties" \
    -cp "$libs/*" "$@"
}

write_config() {
  mkdir -p "$logs" "$storage"
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${storage}
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=67108864
message.max.bytes=1048588
PROPS
}

format_storage() {
  if [[ -f "$storage/meta.properties" ]]; then return; fi
  local cluster_id
  cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid | tail -n 1)"
  log "formatting storage (cluster $cluster_id)"
  (java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$home/server.properties" >/dev/null)
}

start() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    log "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that cluster, starting nothing"
    return
  fi
  if running; then
    log "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    return
  fi
  if port_open "$port"; then
    log "something already answers on 127.0.0.1:$port; using it (not started by this script)"
    return
  fi
  fetch_jars
  write_config
  format_storage
  log "starting the broker on 127.0.0.1:$port"
  # setsid: the broker outlives the shell (and the test run) that started it, until `stop`.
  setsid nohup bash -c "$(declare -f java_cmd); heap='$heap' here='$here' logs='$logs' libs='$libs'; java_cmd kafka.Kafka '$home/server.properties'" \
    > "$logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local waited=0
  until port_open "$port" && grep -q "Kafka Server started" "$logs/server.log" 2>/dev/null; do
    if ! running; then
      log "the broker exited during start-up; last lines of $logs/stdout.log and server.log:"
      tail -n 20 "$logs/stdout.log" >&2 || true
      tail -n 20 "$logs/server.log" >&2 || true
      exit 1
    fi
    if (( waited >= start_timeout )); then
      log "the broker did not answer within ${start_timeout}s; see $logs/server.log"
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "ready on 127.0.0.1:$port after ${waited}s (pid $(cat "$pidfile"))"
}

stop() {
  if ! running; then
    log "not running"
    rm -f "$pidfile"
    return
  fi
  local pid
  pid="$(cat "$pidfile")"
  log "stopping (pid $pid)"
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    if ! kill -0 "$pid" 2>/dev/null && ! port_open "$port"; then break; fi
    sleep 1
  done
  pkill -KILL -P "$pid" 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running && { log "running (pid $(cat "$pidfile"))"; exit 0; } || { log "not running"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
