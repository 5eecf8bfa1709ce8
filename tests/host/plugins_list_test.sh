#!/usr/bin/env bash
# console-host plugins list: a plugin root holding the Salesforce plugin and
# three bad manifests. The good plugin is listed with its version, ABI and
# type; each bad one is listed with its path, field and reason (human and
# --json), and the host does not go down.
#   plugins_list_test.sh <console-host> <stage dir>
set -u
host=$1 stage=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/manifests" "$root/plugins"
cp "$stage/plugins/libsalesforce_connector.so" "$root/plugins/"
cp "$stage/manifests/salesforce.json" "$root/manifests/"
printf '{"manifest_version":1,' >"$root/manifests/broken.json"
# The same library under another id: the library's own id must match.
sed 's/"id" *: *"salesforce"/"id": "salesforce-copy"/' "$stage/manifests/salesforce.json" >"$root/manifests/copy.json"
# A manifest whose checksum does not match the library.
sed -e 's/"sha256" *: *"[0-9a-f]*"/"sha256": "0000000000000000000000000000000000000000000000000000000000000000"/' \
  -e 's/"id" *: *"salesforce"/"id": "tampered"/' -e 's/"salesforce" *\]/"tampered"]/' \
  "$stage/manifests/salesforce.json" >"$root/manifests/tampered.json"
# Another plugin claiming the Salesforce type (loaded after salesforce.json).
sed -e 's/"id" *: *"salesforce"/"id": "zz-other"/' "$stage/manifests/salesforce.json" >"$root/manifests/zz_other.json"

fail=0
expect() {  # expect <haystack> <needle> <what>
  if ! grep -qF -- "$2" <<<"$1"; then echo "FAIL: $3: missing: $2"; fail=1; fi
}

out=$(NO_COLOR=1 "$host" plugins list --plugin-path "$root" 2>&1); rc=$?
[ $rc -eq 0 ] || { echo "FAIL: plugins list exited $rc"; fail=1; }
expect "$out" "salesforce 0.1.0  Salesforce connector  (ABI 1.2)" "loaded plugin"
expect "$out" "type salesforce - Salesforce" "its type"
expect "$out" "$root/manifests/broken.json" "broken manifest path"
expect "$out" "(document): not valid JSON: Missing a name for object member. at offset 22" "broken manifest reason"
expect "$out" "plugin.id: manifest says 'salesforce-copy' but the library calls itself 'salesforce'" "id mismatch"
expect "$out" "library.sha256: checksum mismatch for $root/plugins/libsalesforce_connector.so: manifest says 0000000000000000000000000000000000000000000000000000000000000000" "checksum"
expect "$out" "types: duplicate connector type 'salesforce' (already provided by $root/manifests/salesforce.json)" "duplicate type"

json=$("$host" plugins list --plugin-path "$root" --json 2>/dev/null); rc=$?
[ $rc -eq 0 ] || { echo "FAIL: plugins list --json exited $rc"; fail=1; }
expect "$json" '"host_abi": "1.2"' "json host abi"
expect "$json" '"id": "salesforce",' "json loaded plugin"
expect "$json" '"field": "library.sha256"' "json rejected field"
expect "$json" "\"path\": \"$root/manifests/broken.json\"" "json rejected path"

[ $fail -eq 0 ] && echo "plugins list reports loaded and refused plugins precisely"
exit $fail
