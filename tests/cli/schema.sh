#!/bin/bash
# tests/cli/schema.sh: `gpdigest schema` prints the record XSD, which is the
# committed records/record.xsd byte for byte and a schema xmllint accepts.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

XSD=$GPD_SOURCE_DIR/records/record.xsd

run schema
expect_rc 0 "schema"
expect_empty "$ERR" "schema (stderr)"
count_check
cmp -s "$OUT" "$XSD" || {
	fail "gpdigest schema differs from records/record.xsd; regenerate it with: build/gpdigest schema > records/record.xsd"
	diff -u "$XSD" "$OUT" | head -30
}
cp "$OUT" "$GPD_TMP/schema.xsd"

# the same bytes every time
run schema
count_check
cmp -s "$OUT" "$GPD_TMP/schema.xsd" || fail "schema output is not reproducible"

expect_in "$GPD_TMP/schema.xsd" 'targetNamespace="urn:x-gpdigest:record"' "schema"
expect_in "$GPD_TMP/schema.xsd" '<xs:enumeration value="young-people-16">' "schema"
expect_in "$GPD_TMP/schema.xsd" 'fixed="1"' "schema (version)"

if have xmllint; then
	count_check
	xmllint --noout --nonet "$GPD_TMP/schema.xsd" 2>"$GPD_TMP/x.err" || { fail "the XSD is not well-formed"; cat "$GPD_TMP/x.err"; }
	# a schema xmllint compiles, and the seeds are valid against it
	count_check
	xmllint --noout --nonet --schema "$GPD_TMP/schema.xsd" "$GPD_SOURCE_DIR"/records/*.xml \
		>/dev/null 2>"$GPD_TMP/x.err" || { fail "xmllint rejects records/*.xml"; cat "$GPD_TMP/x.err"; }
	# and it can say no
	count_check
	printf '<record xmlns="urn:x-gpdigest:record" version="1" id="x"/>\n' >"$GPD_TMP/bad.xml"
	xmllint --noout --nonet --schema "$GPD_TMP/schema.xsd" "$GPD_TMP/bad.xml" >/dev/null 2>&1 &&
		fail "xmllint accepts a record without a title"
fi

# writing to a closed stdout is an I/O error, not a silent success
count_check
if [ -w /dev/full ]; then
	(cd "$GPD_SOURCE_DIR" && timeout 2 "$GPDIGEST" schema >/dev/full 2>/dev/null)
	rc=$?
	[ "$rc" -eq 2 ] || fail "schema >/dev/full: exit $rc, expected 2"
fi

gpd_finish
