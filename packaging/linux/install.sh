#!/bin/sh
# Add Claimdesk to your applications menu, for you alone (no administrator rights needed).
#
#   ./install.sh            menu entry, icon, the .claimdesk file type, and the commands
#                           claimdesk and claimdesk-cli in ~/.local/bin
#   ./install.sh --remove   take all of that away again (this folder stays as it is)
#
# Claimdesk runs from the folder you unpacked it into: keep that folder where it is, or
# run ./install.sh again after moving it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
desktop="$data/applications/claimdesk.desktop"
mime="$data/mime/packages/claimdesk.xml"

refresh() {
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$data/mime" >/dev/null 2>&1 || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = "--remove" ]; then
  rm -f "$desktop" "$mime" "$bin/claimdesk" "$bin/claimdesk-cli"
  find "$data/icons/hicolor" -name 'claimdesk.*' -path '*/apps/*' -delete 2>/dev/null || true
  refresh
  echo "Claimdesk is no longer in your menu. Delete $here to remove the program itself."
  exit 0
fi

if [ ! -x "$here/claimdesk" ]; then
  echo "install.sh: $here/claimdesk is missing; unpack the whole archive first" >&2
  exit 1
fi

mkdir -p "$data/applications" "$data/mime/packages" "$bin"
for size_dir in "$here"/share/icons/hicolor/*; do
  size=$(basename "$size_dir")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$size_dir"/apps/claimdesk.* "$data/icons/hicolor/$size/apps/"
done
cp "$here/share/mime/packages/claimdesk.xml" "$mime"
sed -e "s|^Exec=claimdesk |Exec=\"$here/claimdesk\" |" \
    -e "s|^TryExec=claimdesk\$|TryExec=$here/claimdesk|" \
    "$here/share/applications/claimdesk.desktop" > "$desktop"
ln -sf "$here/claimdesk" "$bin/claimdesk"
ln -sf "$here/claimdesk-cli" "$bin/claimdesk-cli"
refresh
echo "Claimdesk is in your applications menu, and opens .claimdesk files."
echo "Commands: $bin/claimdesk (the window) and $bin/claimdesk-cli (sub-commands)."
