#!/usr/bin/env bash
# Prove the .deb's Depends on a machine that has nothing else: a minimal Debian root (debootstrap
# --variant=minbase: no X libraries, no GL, no fonts) entered with chroot. Needs root, debootstrap,
# Xvfb on the host and the Debian mirror. Not part of CI (it downloads ~100 MB and takes minutes).
#
#   sudo installer/linux/check_minimal_root.sh [DEB] [SUITE]      (SUITE: bookworm by default)
#
# In the root, with the X server running on the host (its socket shared, nothing X installed inside):
#   1. dpkg -x the .deb; its self-test in X fails with one line naming the missing libraries and packages
#   2. apt-get install exactly the Depends (no Recommends); the self-test passes in X and offscreen
#   3. apt-get install the .deb itself, with the desktop's MIME and menu databases: *.aigc is known
#      and opens with aigc-desktop; aigc makes a project in the user's data folder
#   4. apt-get purge: the app is gone, the user's project and data folder are still there
# The base root is cached in /var/tmp/aigc-minroot-<SUITE> and copied for every run.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(readlink -f "${1:-$(ls -t dist/aigc-desktop_*.deb | head -n 1)}")
suite=${2:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=/var/tmp/aigc-minroot-$suite
[[ $(id -u) == 0 ]] || { echo "run as root (debootstrap, chroot, mount)" >&2; exit 2; }
if [[ ! -x $base/bin/sh ]]; then
  debootstrap --variant=minbase "$suite" "$base.part" "$mirror" >/dev/null
  mv "$base.part" "$base"
fi
root=$(mktemp -d /var/tmp/aigc-minroot-run.XXXXXX)
display=:$((90 + RANDOM % 9))
cleanup() {
  for m in dev/shm dev/pts dev proc tmp/.X11-unix; do umount "$root/$m" 2>/dev/null || umount -l "$root/$m" 2>/dev/null || true; done
  [[ -n ${xvfb_pid:-} ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
cp -a "$base/." "$root/"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
# the X server runs on the host; only its socket is shared with the root
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [[ -S /tmp/.X11-unix/X${display#:} ]] && break; sleep 0.1; done
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
cp "$deb" "$root/tmp/app.deb"
cp installer/linux/selftest.sh "$root/tmp/selftest.sh"
inside() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }
x11() { chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root DISPLAY="$display" QT_QPA_PLATFORM=xcb "$@"; }

echo "1. minimal root, nothing installed but the unpacked .deb" >&2
inside dpkg-deb -x /tmp/app.deb /tmp/unpacked
if x11 /tmp/unpacked/usr/bin/aigc-desktop --self-test >"$root/tmp/out" 2>"$root/tmp/err"; then
  echo "the self-test passed without the Depends installed: they prove nothing" >&2; exit 1
fi
cat "$root/tmp/err" >&2
[[ $(wc -l <"$root/tmp/err") == 1 ]] && grep -q "sudo apt install .*libxcb-icccm4" "$root/tmp/err" \
  || { echo "expected one line naming the missing libraries and packages" >&2; exit 1; }

echo "2. exactly the declared Depends" >&2
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g' | grep -v '^$' | tr '\n' ' ')
echo "   apt-get install $depends" >&2
inside apt-get update -qq
inside apt-get install -y -qq --no-install-recommends $depends >/dev/null
x11 /tmp/unpacked/usr/bin/aigc-desktop --self-test >"$root/tmp/out" 2>"$root/tmp/err" || true
tail -n 1 "$root/tmp/out" | grep -q '"ok": true' || { cat "$root/tmp/out" "$root/tmp/err" >&2; exit 1; }
! grep -E -i 'Detected locale|platform plugin' "$root/tmp/err" >&2
echo "   self-test in X (xcb, env -i): $(tail -n 1 "$root/tmp/out" | cut -c1-120)" >&2
chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root QT_QPA_PLATFORM=offscreen \
  /tmp/unpacked/usr/bin/aigc-desktop --self-test | tail -n 1 | grep -q '"ok": true'
echo "   self-test offscreen: ok" >&2

echo "3. installed with apt, on a desktop with the MIME and menu databases" >&2
inside apt-get install -y -qq --no-install-recommends shared-mime-info desktop-file-utils >/dev/null
inside apt-get install -y -qq --no-install-recommends /tmp/app.deb >/dev/null
grep -q 'application/x-aigc-project:\*\.aigc' "$root/usr/share/mime/globs2"
grep -q '^application/x-aigc-project=aigc-desktop.desktop' "$root/usr/share/applications/mimeinfo.cache"
inside sh -c 'command -v aigc && command -v aigc-desktop' >/dev/null
inside aigc demo /root/.local/share/aigc-desktop/demo-digits >/dev/null 2>&1
inside mkdir -p /root/projects
inside aigc import /root/.local/share/aigc-desktop/demo-digits --project /root/projects/mine.aigc >/dev/null 2>&1
x11 aigc-desktop --self-test | tail -n 1 | grep -q '"ok": true'
echo "   *.aigc -> application/x-aigc-project -> aigc-desktop.desktop; aigc and aigc-desktop on PATH" >&2

echo "4. purged: the app goes, the user's data stays" >&2
inside apt-get purge -y -qq aigc-desktop >/dev/null
test ! -e "$root/opt/aigc-desktop" && test ! -e "$root/usr/bin/aigc"
! grep -q 'x-aigc-project' "$root/usr/share/mime/globs2"
test -s "$root/root/projects/mine.aigc" && test -f "$root/root/.local/share/aigc-desktop/demo-digits/truth.json"
echo "minimal-root check passed: $deb on $suite" >&2
