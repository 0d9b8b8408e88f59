#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker in KRaft mode on 127.0.0.1:9092 for development and tests.
#
#   infra/kafka/kafka.sh start          fetch the jars (Maven) if needed, format storage on first run,
#                                       start the broker in the background and wait until it answers
#   infra/kafka/kafka.sh stop           stop the broker this script started
#   infra/kafka/kafka.sh status         exit 0 when it is running
#   infra/kafka/kafka.sh add-user NAME  create SCRAM user NAME with a new password (in the credentials
#                                       folder) on the running broker; prints nothing secret
#   infra/kafka/kafka.sh cluster start|stop|status
#                                       a three-broker cluster on loopback instead (below)
#   infra/kafka/kafka.sh cluster kill N | cluster start-node N
#                                       SIGKILL node N of the cluster / start it again (fault tests)
#
# Cluster mode: three KRaft nodes, each broker and controller (a quorum of three), brokers on
# 127.0.0.1:19092-19094 (KAFKA_CLUSTER_PORT is the first), controllers on 19192-19194
# (KAFKA_CLUSTER_CONTROLLER_PORT), data under infra/.data/kafka-cluster/node-N. The same security
# as the single broker, with the same credentials folder. Topics get replication factor 3 and
# min.insync.replicas=2 (create them with KAFKA_REPLICATION_FACTOR=3 npm run topics), the internal
# topics too; producers send acks=all, so a write survives one broker lost and waits while two are.
#
# Secure by default (issue 20): the broker listens with SASL/SCRAM-SHA-512 on loopback, authorises
# with StandardAuthorizer and allow.everyone.if.no.acl.found=false, and knows one SCRAM user per
# principal of the topic registry (contracts/kafka/principals.txt, generated from it). Passwords are
# generated at first start into infra/.data/kafka/credentials/<principal> (mode 0600); the ACLs are
# created with the topics (`npm run topics`, as governor-admin, the only super user). The controller
# listener takes SASL/PLAIN for governor-admin alone. KAFKA_SECURITY=plaintext runs it open instead.
#
# A TLS listener is added when KAFKA_SSL_PORT, KAFKA_SSL_KEYSTORE_PEM (private key and certificate
# chain, PEM) and KAFKA_SSL_TRUSTSTORE_PEM (the CA, PEM) are set: SASL_SSL with client certificates
# required (mutual TLS), for clients that connect with KAFKA_SSL=true.
#
# With KAFKA_BROKERS set, nothing is started: that cluster is used as it is.
# Data, logs, credentials and jars live under infra/.data/kafka (git-ignored).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${GOVERNOR_DATA_DIR:-$here/../.data}"
home="${KAFKA_NODE_DIR:-$data_root/kafka}"
libs="${KAFKA_LIBS_DIR:-$data_root/kafka/libs}"
logs="$home/logs"
storage="$home/storage"
pidfile="$home/kafka.pid"
credentials="$data_root/kafka/credentials"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
security="${KAFKA_SECURITY:-scram}"
principals_file="$here/../../contracts/kafka/principals.txt"
admin_user="governor-admin"
heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
start_timeout="${KAFKA_START_TIMEOUT_SECONDS:-90}"
# One node of a cluster when set by `cluster` below; a single node of its own otherwise.
node_id="${KAFKA_NODE_ID:-1}"
quorum_voters="${KAFKA_QUORUM_VOTERS:-1@127.0.0.1:${controller_port}}"
replication="${KAFKA_NODE_REPLICATION:-1}"
min_isr=$(( replication > 1 ? 2 : 1 ))
cluster_root="$data_root/kafka-cluster"
cluster_port="${KAFKA_CLUSTER_PORT:-19092}"
cluster_controller_port="${KAFKA_CLUSTER_CONTROLLER_PORT:-19192}"
cluster_nodes=3

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

principals() { grep -v '^#' "$principals_file" | sed '/^$/d'; }

password_of() { cat "$credentials/$1"; }

# A password for every principal, generated once; the folder and files are readable by their owner only.
ensure_credentials() {
  [[ -f "$principals_file" ]] || { log "missing $principals_file (npm run build && npm run contracts:generate)"; exit 1; }
  command -v openssl >/dev/null || { log "openssl is needed to generate the local Kafka passwords: install it (apt-get install openssl)"; exit 1; }
  mkdir -p "$credentials"
  chmod 700 "$credentials"
  local name
  for name in $(principals); do new_password "$name"; done
}

new_password() {
  local file="$credentials/$1"
  [[ -s "$file" ]] && return 0
  (umask 077; openssl rand -hex 24 > "$file")
  chmod 600 "$file"
}

# The client settings of the administrator for Kafka's own command-line tools.
write_admin_properties() {
  (umask 077; cat > "$home/admin.properties" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin_user}" password="$(password_of "$admin_user")";
PROPS
  )
}

listeners_config() {
  if [[ "$security" == "plaintext" ]]; then
    cat <<PROPS
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
PROPS
    return
  fi
  local admin_password ssl_listener="" ssl_advertised="" ssl_map=""
  admin_password="$(password_of "$admin_user")"
  if [[ -n "${KAFKA_SSL_PORT:-}" ]]; then
    ssl_listener=",SECURE://127.0.0.1:${KAFKA_SSL_PORT}"
    ssl_advertised=",SECURE://127.0.0.1:${KAFKA_SSL_PORT}"
    ssl_map=",SECURE:SASL_SSL"
  fi
  cat <<PROPS
listeners=SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}${ssl_listener}
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${port}${ssl_advertised}
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT${ssl_map}
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${admin_user}" password="${admin_password}";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${admin_user}" password="${admin_password}" user_${admin_user}="${admin_password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:${admin_user}
PROPS
  if [[ -n "${KAFKA_SSL_PORT:-}" ]]; then
    cat <<PROPS
listener.name.secure.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.secure.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.secure.ssl.keystore.type=PEM
listener.name.secure.ssl.keystore.location=${KAFKA_SSL_KEYSTORE_PEM:?KAFKA_SSL_KEYSTORE_PEM must name the broker key and certificate (PEM)}
listener.name.secure.ssl.truststore.type=PEM
listener.name.secure.ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_PEM:?KAFKA_SSL_TRUSTSTORE_PEM must name the CA (PEM)}
listener.name.secure.ssl.client.auth=required
PROPS
  fi
}

write_config() {
  mkdir -p "$logs" "$storage"
  (umask 077; {
    cat <<PROPS
process.roles=broker,controller
node.id=${node_id}
controller.quorum.voters=${quorum_voters}
PROPS
    listeners_config
    cat <<PROPS
log.dirs=${storage}
num.partitions=3
offsets.topic.replication.factor=${replication}
offsets.topic.num.partitions=10
default.replication.factor=${replication}
min.insync.replicas=${min_isr}
transaction.state.log.replication.factor=${replication}
transaction.state.log.min.isr=${min_isr}
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=67108864
message.max.bytes=1048588
PROPS
    # A cluster node hands leadership back to the preferred replica soon after it returns (Kafka's
    # default checks every 5 minutes), so a restarted broker leads its partitions again.
    if (( replication > 1 )); then printf '%s\n' auto.leader.rebalance.enable=true leader.imbalance.check.interval.seconds=10 leader.imbalance.per.broker.percentage=0; fi
  } > "$home/server.properties")
}

# Storage formatted for one security mode is not reused for the other: a local broker's data is
# disposable, and SCRAM users live in the metadata log from the format on.
format_storage() {
  local mode_file="$home/security.mode"
  if [[ -f "$storage/meta.properties" ]]; then
    if [[ "$(cat "$mode_file" 2>/dev/null || echo plaintext)" == "$security" ]]; then return; fi
    log "storage was formatted for security '$(cat "$mode_file" 2>/dev/null || echo plaintext)', now '$security': formatting it anew (local data is dropped)"
    rm -rf "$storage" && mkdir -p "$storage"
  fi
  local cluster_id name
  local scram=()
  if [[ "$security" != "plaintext" ]]; then
    for name in $(principals); do scram+=(--add-scram "SCRAM-SHA-512=[name=${name},password=$(password_of "$name")]"); done
  fi
  cluster_id="${KAFKA_CLUSTER_ID:-$(java_cmd kafka.tools.StorageTool random-uuid | tail -n 1)}"
  log "formatting storage (cluster $cluster_id, security $security, ${#scram[@]} SCRAM arguments)"
  (java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$home/server.properties" "${scram[@]}" >/dev/null)
  echo "$security" > "$mode_file"
  if [[ "$security" != "plaintext" ]]; then principals > "$home/scram-users"; fi
}

# Principals added to the registry after the format get their SCRAM user on the running broker.
add_missing_users() {
  [[ "$security" == "plaintext" ]] && return 0
  local name
  for name in $(principals); do
    grep -qx "$name" "$home/scram-users" 2>/dev/null || add_user "$name"
  done
}

add_user() {
  local name="$1"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { log "a user name may hold only letters, digits, '.', '_' and '-': $name"; exit 2; }
  new_password "$name"
  write_admin_properties
  (java_cmd kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --command-config "$home/admin.properties" \
    --alter --entity-type users --entity-name "$name" \
    --add-config "SCRAM-SHA-512=[password=$(password_of "$name")]" >/dev/null)
  echo "$name" >> "$home/scram-users"
  log "SCRAM user $name created (password in $credentials/$name)"
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
  if [[ "$security" != "plaintext" && "$security" != "scram" ]]; then log "KAFKA_SECURITY must be scram or plaintext, got '$security'"; exit 2; fi
  if [[ "$security" != "plaintext" ]]; then ensure_credentials; write_admin_properties; fi
  write_config
  format_storage
  launch
  await_ready
  add_missing_users
}

# Starts the broker in the background from the written configuration.
launch() {
  log "starting the broker on 127.0.0.1:$port (node $node_id, security: $security)"
  mkdir -p "$logs"
  : > "$logs/server.log"
  # setsid: the broker outlives the shell (and the test run) that started it, until `stop`.
  setsid nohup bash -c "$(declare -f java_cmd); heap='$heap' here='$here' logs='$logs' libs='$libs'; java_cmd kafka.Kafka '$home/server.properties'" \
    > "$logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
}

await_ready() {
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

# Runs this script for node N of the cluster: its own folder, ports and id, the cluster's quorum.
node_env() {
  local n="$1" voters="" i
  for i in $(seq 1 "$cluster_nodes"); do voters+="${voters:+,}${i}@127.0.0.1:$((cluster_controller_port + i - 1))"; done
  printf '%s\n' "KAFKA_NODE_DIR=$cluster_root/node-$n" "KAFKA_NODE_ID=$n" "KAFKA_QUORUM_VOTERS=$voters" \
    "KAFKA_PORT=$((cluster_port + n - 1))" "KAFKA_CONTROLLER_PORT=$((cluster_controller_port + n - 1))" \
    "KAFKA_NODE_REPLICATION=$cluster_nodes" "KAFKA_HEAP_OPTS=${KAFKA_CLUSTER_HEAP_OPTS:--Xms128m -Xmx384m}"
}

on_node() {
  local n="$1"; shift
  local settings=()
  mapfile -t settings < <(node_env "$n")
  env -u KAFKA_BROKERS "${settings[@]}" KAFKA_CLUSTER_ID="$(cat "$cluster_root/cluster.id")" bash "$here/kafka.sh" "$@"
}

cluster_brokers() {
  local i list=""
  for i in $(seq 1 "$cluster_nodes"); do list+="${list:+,}127.0.0.1:$((cluster_port + i - 1))"; done
  echo "$list"
}

cluster() {
  local n
  case "${1:-}" in
    start)
      fetch_jars
      mkdir -p "$cluster_root"
      if [[ ! -s "$cluster_root/cluster.id" ]]; then java_cmd kafka.tools.StorageTool random-uuid | tail -n 1 > "$cluster_root/cluster.id"; fi
      # Every node prepared and launched before any is awaited: a node is ready only with a quorum.
      for n in $(seq 1 "$cluster_nodes"); do on_node "$n" node-launch; done
      for n in $(seq 1 "$cluster_nodes"); do on_node "$n" node-await; done
      on_node 1 node-users
      log "cluster ready: KAFKA_BROKERS=$(cluster_brokers)"
      echo "$(cluster_brokers)" ;;
    stop) for n in $(seq "$cluster_nodes" -1 1); do on_node "$n" stop || true; done ;;
    status)
      local up=0
      for n in $(seq 1 "$cluster_nodes"); do if on_node "$n" status 2>/dev/null; then up=$((up + 1)); fi; done
      log "$up of $cluster_nodes nodes running"
      (( up == cluster_nodes )) ;;
    kill)
      [[ "${2:-}" =~ ^[1-3]$ ]] || { echo "usage: $0 cluster kill 1|2|3" >&2; exit 2; }
      on_node "$2" node-kill ;;
    start-node)
      [[ "${2:-}" =~ ^[1-3]$ ]] || { echo "usage: $0 cluster start-node 1|2|3" >&2; exit 2; }
      on_node "$2" node-launch && on_node "$2" node-await ;;
    brokers) cluster_brokers ;;
    *) echo "usage: $0 cluster start|stop|status|brokers|kill N|start-node N" >&2; exit 2 ;;
  esac
}

# One node's steps, for `cluster` (which sets the node's environment).
node_prepare() {
  mkdir -p "$home"
  if [[ "$security" != "plaintext" && "$security" != "scram" ]]; then log "KAFKA_SECURITY must be scram or plaintext, got '$security'"; exit 2; fi
  if [[ "$security" != "plaintext" ]]; then ensure_credentials; write_admin_properties; fi
  write_config
  format_storage
}

case "${1:-}" in
  start) start ;;
  cluster) shift; cluster "$@" ;;
  node-launch) if running; then log "node $node_id already running (pid $(cat "$pidfile"))"; else node_prepare; launch; fi ;;
  node-await) await_ready ;;
  node-users) write_admin_properties; add_missing_users ;;
  node-kill) running && { pkill -KILL -P "$(cat "$pidfile")" 2>/dev/null || true; kill -KILL "$(cat "$pidfile")"; rm -f "$pidfile"; log "node $node_id killed"; } ;;
  stop) stop ;;
  status) running && { log "running (pid $(cat "$pidfile"))"; exit 0; } || { log "not running"; exit 1; } ;;
  add-user)
    [[ -n "${2:-}" ]] || { echo "usage: $0 add-user NAME" >&2; exit 2; }
    [[ "$security" != "plaintext" ]] || { log "KAFKA_SECURITY=plaintext: the broker has no users"; exit 2; }
    running || { log "the local broker is not running (npm run kafka:start)"; exit 1; }
    add_user "$2" ;;
  *) echo "usage: $0 start|stop|status|add-user NAME|cluster ..." >&2; exit 2 ;;
esac
