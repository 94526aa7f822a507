#!/bin/sh
# Installs the AutoService Fleet agent on a Linux PC as a systemd service, enrolled with a
# controller; or removes it. Run as root. See deploy/README.md.
#
#   install-agent.sh --controller HOST:PORT --token TOKEN [--zip autoservice-agent-linux-x64.zip]
#                    [--prefix /opt/autoservice-agent] [--data /var/lib/autoservice-agent]
#                    [--config /etc/autoservice/agent.json] [--no-start]
#   install-agent.sh --jar autoservice-agent.jar ...   the bare jar on the system's java (fallback
#                                                      when there is no image zip)
#   install-agent.sh --uninstall [--purge]             stops and removes the service and the
#                                                      program; --purge also deletes the data
#                                                      folder (the agent's identity and journal)
# For tests and packaging: --root DIR installs under DIR (DESTDIR-style; no root needed) and
# --no-systemctl leaves systemd alone.
set -eu

unit_name=autoservice-agent.service
prefix=/opt/autoservice-agent
data=/var/lib/autoservice-agent
controller=
token=
zip=
jar=
config=
root=
start=yes
systemctl=yes
action=install
purge=no

say() { printf 'install-agent: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || { say "error: $1 needs a value"; usage; }; }
while [ $# -gt 0 ]; do
  case $1 in
    --controller) need_value "$@"; controller=$2; shift 2 ;;
    --token) need_value "$@"; token=$2; shift 2 ;;
    --zip) need_value "$@"; zip=$2; shift 2 ;;
    --jar) need_value "$@"; jar=$2; shift 2 ;;
    --prefix) need_value "$@"; prefix=$2; shift 2 ;;
    --data) need_value "$@"; data=$2; shift 2 ;;
    --config) need_value "$@"; config=$2; shift 2 ;;
    --root) need_value "$@"; root=$2; shift 2 ;;
    --no-start) start=no; shift ;;
    --no-systemctl) systemctl=no; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    -h|--help) usage ;;
    *) say "error: unknown argument: $1"; usage ;;
  esac
done

case $prefix in /?*) ;; *) die "--prefix must be an absolute path: $prefix" ;; esac
case $data in /?*) ;; *) die "--data must be an absolute path: $data" ;; esac
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(cd "$root" && pwd -P)
elif [ "$(id -u)" -ne 0 ]; then
  die "run it as root (sudo $0 ...)"
fi

script_dir=$(cd "$(dirname "$0")" && pwd -P)
unit_file=$root/etc/systemd/system/$unit_name
launcher=$prefix/bin/autoservice-agent

# A folder this script may delete: absolute, not a system folder, and (for the program) ours.
removable() {
  case $1 in
    ""|/|/bin|/boot|/dev|/etc|/home|/lib|/lib64|/opt|/proc|/root|/sbin|/srv|/sys|/tmp|/usr|/var|/var/lib) return 1 ;;
  esac
  return 0
}

uninstall() {
  if [ "$systemctl" = yes ] && [ -f "$unit_file" ]; then
    # The agent cancels its running task and delivers the report before it exits.
    systemctl disable --now "$unit_name" || say "warning: systemctl disable --now failed"
  fi
  if [ -f "$unit_file" ]; then
    rm -f "$unit_file"
    say "removed $unit_file"
    [ "$systemctl" = no ] || systemctl daemon-reload
  fi
  if [ -d "$root$prefix" ]; then
    removable "$prefix" || die "refusing to delete $root$prefix"
    [ -e "$root$launcher" ] || die "$root$prefix holds no bin/autoservice-agent: not deleting it"
    rm -rf "$root$prefix"
    say "removed $root$prefix"
  fi
  if [ "$purge" = yes ] && [ -d "$root$data" ]; then
    removable "$data" || die "refusing to delete $root$data"
    rm -rf "$root$data"
    say "removed $root$data (the agent's identity: enrol again to reinstall)"
  elif [ -d "$root$data" ]; then
    say "kept $root$data (its identity and journal; --purge deletes it)"
  fi
}

# The program: the image zip (its own runtime and launcher), or the bare jar with a launcher that
# runs it on the system's java.
install_program() {
  if [ -z "$zip" ] && [ -z "$jar" ]; then
    if [ -x "$script_dir/../../bin/autoservice-agent" ]; then
      image=$(cd "$script_dir/../.." && pwd -P) # run from an unpacked image
    elif [ -f "$script_dir/../../agent/target/autoservice-agent-linux-x64.zip" ]; then
      zip=$script_dir/../../agent/target/autoservice-agent-linux-x64.zip
    else
      die "no agent to install: pass --zip autoservice-agent-linux-x64.zip (or --jar autoservice-agent.jar)"
    fi
  fi
  [ -d "$root$prefix" ] && [ ! -e "$root$launcher" ] &&
    die "$root$prefix exists and is not an agent install: choose another --prefix"
  rm -rf "$root$prefix.new"
  mkdir -p "$root$prefix.new"
  if [ -n "$zip" ]; then
    [ -f "$zip" ] || die "no such zip: $zip"
    command -v unzip >/dev/null 2>&1 || die "unzip is needed to unpack $zip (apt-get install unzip)"
    tmp=$(mktemp -d)
    unzip -q "$zip" -d "$tmp"
    [ -f "$tmp/autoservice-agent/bin/autoservice-agent" ] ||
      die "$zip holds no autoservice-agent/bin/autoservice-agent: not a Linux agent image"
    # A zip made without Unix modes unpacks the programs without their execute bit.
    chmod 755 "$tmp/autoservice-agent/bin/autoservice-agent"
    [ ! -d "$tmp/autoservice-agent/runtime/bin" ] || chmod 755 "$tmp/autoservice-agent/runtime/bin/"*
    cp -R "$tmp/autoservice-agent/." "$root$prefix.new/"
    rm -rf "$tmp"
  elif [ -n "${image:-}" ]; then
    cp -R "$image/." "$root$prefix.new/"
  else
    [ -f "$jar" ] || die "no such jar: $jar"
    java=$(command -v java) || die "--jar needs a Java 17 runtime on PATH (apt-get install openjdk-17-jre-headless)"
    mkdir -p "$root$prefix.new/bin"
    cp "$jar" "$root$prefix.new/autoservice-agent.jar"
    cat >"$root$prefix.new/bin/autoservice-agent" <<LAUNCHER
#!/bin/sh
# Written by install-agent.sh --jar: the agent jar on the system's java.
home=\$(cd "\$(dirname "\$0")/.." && pwd -P) || exit 1
exec $java -Xmx64m -XX:+UseSerialGC \$AUTOSERVICE_AGENT_JAVA_OPTS -jar "\$home/autoservice-agent.jar" "\$@"
LAUNCHER
    chmod 755 "$root$prefix.new/bin/autoservice-agent"
  fi
  # Replace an older install in one step (its data folder stays).
  rm -rf "$root$prefix"
  mv "$root$prefix.new" "$root$prefix"
  say "installed the agent in $root$prefix"
}

enrol() {
  mkdir -p "$root$data"
  chmod 700 "$root$data"
  if [ -f "$root$data/tls/identity.pem" ]; then
    say "$root$data is enrolled already: keeping its identity (uninstall --purge to start afresh)"
    return
  fi
  "$root$launcher" enroll --controller "$controller" --token "$token" --data "$root$data" ||
    die "enrolment failed (above); make a new token with 'controller enroll create' and run this again"
}

write_unit() {
  template=$script_dir/../systemd/$unit_name
  [ -f "$template" ] || die "no unit template at $template"
  exec_start="$launcher connect --controller $controller --data $data"
  [ -z "$config" ] || exec_start="$exec_start --config $config"
  mkdir -p "$(dirname "$unit_file")"
  # The template's ExecStart and WorkingDirectory lines, with this install's paths and controller.
  awk -v exec_start="$exec_start" -v data="$data" '
    /^ExecStart=/ { print "ExecStart=" exec_start; next }
    /^WorkingDirectory=/ { print "WorkingDirectory=" data; next }
    { print }
  ' "$template" >"$unit_file.tmp"
  mv "$unit_file.tmp" "$unit_file"
  chmod 644 "$unit_file"
  say "wrote $unit_file"
}

case $action in
  uninstall) uninstall; exit 0 ;;
esac

[ -n "$controller" ] || { say "error: --controller HOST:PORT is required"; usage; }
[ -n "$token" ] || { say "error: --token TOKEN is required (controller enroll create)"; usage; }
case $controller in *[!A-Za-z0-9.:_-]*|*:|:*) die "--controller: expected HOST:PORT, got $controller" ;; *:*) ;; *) die "--controller: expected HOST:PORT, got $controller" ;; esac
case $prefix$data$config in *[[:space:]]*) die "paths with spaces are not supported in the unit" ;; esac
if [ -z "$config" ] && [ -f "$root/etc/autoservice/agent.json" ]; then
  config=/etc/autoservice/agent.json
fi
[ -z "$config" ] || [ -f "$root$config" ] || die "no such config file: $root$config"

install_program
enrol
write_unit
if [ "$systemctl" = yes ]; then
  systemctl daemon-reload
  if [ "$start" = yes ]; then
    systemctl enable --now "$unit_name"
    say "started: systemctl status autoservice-agent; journalctl -u autoservice-agent"
  else
    systemctl enable "$unit_name"
    say "enabled (starts at boot; now: systemctl start autoservice-agent)"
  fi
fi
