#!/usr/bin/env bash
# A local standalone Flink 2.2 session cluster (one JobManager, one TaskManager) from Maven-resolved jars,
# for trying the packaged Triage job without a Flink distribution (flink-dist is not on Maven Central).
# Everything binds to 127.0.0.1. The same steps as triage-testkit/src/test/java/io/triage/testkit/cluster/StandaloneClusterIT.
#
#   scripts/standalone-cluster.sh start                 JobManager + TaskManager, web UI on http://127.0.0.1:$REST_PORT
#   scripts/standalone-cluster.sh submit run --spec flights --kafka.bootstrap 127.0.0.1:9092 --keys-file F
#                                                       (F from `bin/triage keys`: the shipped specs need signed labels)
#                                                       upload triage-job/target/triage-0.1.0-SNAPSHOT.jar, run it (prints the job id)
#   scripts/standalone-cluster.sh jobs                  Flink's client: `flink list --all`
#   scripts/standalone-cluster.sh cancel <job-id>       Flink's client: `flink cancel <job-id>`
#   scripts/standalone-cluster.sh stop                  stop both processes (by their PID files)
#
# Environment: CLUSTER_DIR (default target/standalone-cluster: conf, logs, PID files, checkpoints),
# REST_PORT (8081), RPC_PORT (6123). Needs java 17, mvn (offline is fine once the cache is filled), curl.
# A Kafka broker is not part of it: `bin/triage demo` or any broker you have (--kafka.bootstrap).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dir="${CLUSTER_DIR:-$root/target/standalone-cluster}"
rest_port="${REST_PORT:-8081}"
rpc_port="${RPC_PORT:-6123}"
jar="$root/triage-job/target/triage-0.1.0-SNAPSHOT.jar"
url="http://127.0.0.1:$rest_port"

# Flink's default env.java.opts.all on Java 17
opens=(-XX:+IgnoreUnrecognizedVMOptions
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED)

die() { echo "standalone-cluster: $*" >&2; exit 1; }

# Flink's runtime, web UI, RocksDB and log4j: triage-local's runtime classpath (it runs Flink in process) without
# the project's modules and what the job brings in its jar (the Kafka connector, Kafka, Scala of the broker).
classpath() {
  local cp_file="$dir/flink-classpath.txt"
  if [ ! -s "$cp_file" ] || [ "$root/pom.xml" -nt "$cp_file" ] || [ "$root/triage-local/pom.xml" -nt "$cp_file" ]; then
    mkdir -p "$dir"
    # through the reactor (the modules resolve to their target/classes; test-compile for their test fixtures)
    mvn -q -B ${MVN_OFFLINE:--o} -DskipTests -pl triage-local -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file.all" >&2
    tr ':' '\n' < "$cp_file.all" \
      | grep -v -e '/org/apache/kafka/' -e '/org/scala-lang/' -e '/org/apache/flink/flink-connector-kafka/' \
                -e '/org/junit/' -e '/org/opentest4j/' -e '/org/apiguardian/' -e '/flink-test-utils' \
                -e '-tests\.jar$' -e '/target/classes$' -e '/target/test-classes$' \
      | paste -sd: - > "$cp_file"
  fi
  cat "$cp_file"
}

# conf/config.yaml's local-only overrides as Flink's dynamic properties ("-D key=value"): BashJavaUtils and both
# entrypoints take them over the file's settings, as bin/jobmanager.sh and bin/taskmanager.sh pass theirs on
dynamic_properties() {
  local kv
  for kv in "jobmanager.rpc.address=127.0.0.1" "jobmanager.bind-host=127.0.0.1" "jobmanager.rpc.port=$rpc_port" \
      "rest.address=127.0.0.1" "rest.bind-address=127.0.0.1" "rest.port=$rest_port" \
      "taskmanager.host=127.0.0.1" "taskmanager.bind-host=127.0.0.1" \
      "execution.checkpointing.dir=file://$dir/checkpoints" \
      "execution.checkpointing.savepoint-dir=file://$dir/savepoints" \
      "io.tmp.dirs=$dir/tmp" "web.upload.dir=$dir/web-upload" "web.submit.enable=true"; do
    printf '%s\n' -D "$kv"
  done
}

# BashJavaUtils prints two result lines: the JVM flags, then the dynamic "-D key=value" settings
resource_params() {
  local -a dyn; mapfile -t dyn < <(dynamic_properties)
  java -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j.configurationFile="file:$root/conf/log4j-console.properties" \
    -Dconsole.log.level=WARN -cp "$1" org.apache.flink.runtime.util.bash.BashJavaUtils "$2" --configDir "$root/conf" \
    "${dyn[@]}" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' | tail -2
}

start_process() { # name main-class params-command classpath
  local name="$1" main="$2" params jvm mem
  local -a dyn; mapfile -t dyn < <(dynamic_properties)
  params="$(resource_params "$4" "$3")" || die "BashJavaUtils $3 failed"
  jvm="$(sed -n 1p <<< "$params")"; mem="$(sed -n 2p <<< "$params")"
  # shellcheck disable=SC2086  # word splitting of the flag lists is intended
  nohup java $jvm "${opens[@]}" -Dlog.file="$dir/log/$name.log" \
    -Dlog4j.configurationFile="file:$root/conf/log4j.properties" \
    -cp "$4" "$main" --configDir "$root/conf" "${dyn[@]}" $mem > "$dir/log/$name.out" 2>&1 &
  echo $! > "$dir/$name.pid"
  echo "started $name (pid $!, log $dir/log/$name.log)"
}

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

cmd_start() {
  alive jobmanager && die "already running (pid $(cat "$dir/jobmanager.pid")); stop it first"
  mkdir -p "$dir/log" "$dir/tmp"
  local cp; cp="$(classpath)"
  start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS "$cp"
  start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$cp"
  local t0=$SECONDS
  # polled with curl: a client JVM per poll would take seconds each
  until curl -sf "$url/overview" | grep -q '"slots-total":[1-9]'; do
    alive jobmanager && alive taskmanager || die "a process exited; see $dir/log"
    [ $((SECONDS - t0)) -lt 120 ] || die "cluster not up after 120 s; see $dir/log"
    sleep 1
  done
  echo "cluster up in $((SECONDS - t0)) s: $url"
}

json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }

# Upload and run stay curl calls: Flink's command line has no jar routes (`flink run` runs main() here and
# submits the job graph; over /jars/:id/run main() runs in the JobManager, as StandaloneClusterIT does).
cmd_submit() {
  [ -f "$jar" ] || die "$jar missing: mvn -o -DskipTests package"
  [ $# -gt 0 ] || die "usage: submit run --spec <file|name> --kafka.bootstrap host:port [-K prop=value …]"
  local upload id args="" a
  upload="$(curl -sf -X POST -F "jarfile=@$jar;type=application/x-java-archive" "$url/jars/upload")" \
    || die "upload failed"
  id="$(sed -E 's/.*"filename":"[^"]*\/([^"/]+)".*/\1/' <<< "$upload")"
  for a in "$@"; do args+="${args:+,}$(json_string "$a")"; done
  # the REST run executes main() in the JobManager, detached: it returns once the job is submitted
  curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"entryClass\":\"io.triage.cli.Main\",\"programArgsList\":[$args]}" "$url/jars/$id/run" \
    || die "run failed (see $dir/log/jobmanager.log)"
  echo
}

cmd_stop() {
  local name pid
  for name in taskmanager jobmanager; do
    alive "$name" || { rm -f "$dir/$name.pid"; continue; }
    pid="$(cat "$dir/$name.pid")"
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; echo "killed $name ($pid)"; else echo "stopped $name ($pid)"; fi
    rm -f "$dir/$name.pid"
  done
}

# Flink's command line client (a RestClusterClient inside) for `flink list` and `flink cancel`; it logs to a file
flink_cli() {
  FLINK_CONF_DIR="$root/conf" java -Xmx256m -XX:TieredStopAtLevel=1 "${opens[@]}" -Dlog.file="$dir/log/client.log" \
    -Dlog4j.configurationFile="file:$root/conf/log4j.properties" \
    -cp "$(classpath)" org.apache.flink.client.cli.CliFrontend "$1" -m "127.0.0.1:$rest_port" "${@:2}"
}

case "${1:-}" in
  start) cmd_start ;;
  submit) shift; cmd_submit "$@" ;;
  jobs) flink_cli list --all ;;
  cancel) [ -n "${2:-}" ] || die "usage: cancel <job-id>"; flink_cli cancel "$2" ;;
  stop) cmd_stop ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
