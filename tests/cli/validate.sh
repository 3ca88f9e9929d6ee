#!/bin/bash
# tests/cli/validate.sh: `gpdigest validate` on the bad-input corpus (tests/bad)
# and on the seed records: exit codes, diagnostics, output formats, and the
# hardening (no file or network is ever reached, every case ends within 2 s).
#
# Each case in tests/bad is NAME.xml (a file), NAME/ (a folder, validated as
# one) or NAME.gen (a bash script writing the input to $1 at test time, for
# inputs too big to commit). Beside it:
#   NAME.expect         line 1: the exit status; other lines: fixed strings
#                       (messages or "[code]") that must appear on stderr
#   NAME.err            optional: the whole expected stderr (golden)
#   NAME.strict.expect  optional: the same as .expect, for a --strict run
# Runs happen inside the case's folder, so diagnostics read NAME.xml:L:C.
# GPD_UPDATE_GOLDEN=1 rewrites every NAME.err from the current output.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

BAD=$GPD_SOURCE_DIR/tests/bad
TEMPLATES=$GPD_SOURCE_DIR/templates
RECORDS=$GPD_SOURCE_DIR/records
GEN=$GPD_TMP/gen
mkdir -p "$GEN"

# check_expect CASE EXPECTFILE WHAT: exit status and stderr strings.
check_expect() {
	local want line first=1
	while IFS= read -r line || [ -n "$line" ]; do
		if [ $first = 1 ]; then
			want=$line
			first=0
			expect_rc "$want" "$3"
		elif [ -n "$line" ]; then
			expect_in "$ERR" "$line" "$3"
		fi
	done <"$2"
	[ $first = 0 ] || fail "$3: $2 is empty"
	# whatever the case, a diagnostic names the file, one per line
	expect_diag_lines "$ERR" "$1" "$3"
	expect_empty "$OUT" "$3 (stdout)"
	expect_no_passwd "$OUT" "$ERR" "$3"
	# a failure is always explained by at least one error line, and a
	# success by none
	count_check
	if [ "$want" -eq 0 ]; then
		grep -q ': error: ' "$ERR" && fail "$3: exit 0 with an error line"
	else
		grep -q ': error: ' "$ERR" || fail "$3: exit $want without an error line"
	fi
}

ncases=0
for path in "$BAD"/*; do
	name=$(basename "$path")
	case $name in
	*.expect | *.err | README*) continue ;;
	*.gen)
		name=${name%.gen}
		dir=$GEN
		input=$name.xml
		bash "$path" "$GEN/$input" || { fail "$name: generator failed"; continue; }
		;;
	*.xml)
		name=${name%.xml}
		dir=$BAD
		input=$name.xml
		;;
	*)
		[ -d "$path" ] || { fail "$name: not a case (want NAME.xml, NAME/ or NAME.gen)"; continue; }
		dir=$BAD
		input=$name
		;;
	esac
	ncases=$((ncases + 1))
	[ -f "$BAD/$name.expect" ] || { fail "$name: no $name.expect"; continue; }

	run -d "$dir" validate --templates "$TEMPLATES" "$input"
	check_expect "$input" "$BAD/$name.expect" "$name"
	if [ -n "${GPD_UPDATE_GOLDEN:-}" ]; then
		cp "$ERR" "$BAD/$name.err"
	elif [ -f "$BAD/$name.err" ]; then
		count_check
		diff -u "$BAD/$name.err" "$ERR" >"$GPD_TMP/diff" ||
			{ fail "$name: stderr differs from $name.err"; sed 's/^/  | /' "$GPD_TMP/diff"; }
	fi
	if [ -f "$BAD/$name.strict.expect" ]; then
		run -d "$dir" validate --strict --templates "$TEMPLATES" "$input"
		check_expect "$input" "$BAD/$name.strict.expect" "$name --strict"
	fi
	rm -f "$GEN/$name.xml"
done

# Every expectation belongs to a case.
for exp in "$BAD"/*.expect; do
	name=$(basename "$exp" .expect)
	name=${name%.strict}
	count_check
	[ -e "$BAD/$name.xml" ] || [ -d "$BAD/$name" ] || [ -e "$BAD/$name.gen" ] ||
		fail "$(basename "$exp"): no case $name"
done
count_check
[ "$ncases" -ge 30 ] || fail "only $ncases cases found in $BAD"

# --- the hardening, beyond the corpus ----------------------------------------

# A local listener stands in for the network: the kernel completes any TCP
# handshake into its backlog, so a connection attempt is seen after the run
# without any waiting.
count_check
python3 - "$GPDIGEST" "$TEMPLATES" "$GPD_TMP" <<'PY' || fail "network: gpdigest connected to a URL in a record"
import os, socket, subprocess, sys
prog, templates, tmp = sys.argv[1:4]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(("127.0.0.1", 0))
srv.listen(16)
port = srv.getsockname()[1]
url = "http://127.0.0.1:%d/" % port
docs = {
    "dtd": '<!DOCTYPE record SYSTEM "%srecord.dtd">\n<record xmlns="urn:x-gpdigest:record"/>\n' % url,
    "entity": '<!DOCTYPE record [<!ENTITY e SYSTEM "%se.txt">]>\n<record xmlns="urn:x-gpdigest:record">&e;</record>\n' % url,
    "pe": '<!DOCTYPE record [<!ENTITY %% p SYSTEM "%sp.dtd"> %%p;]>\n<record xmlns="urn:x-gpdigest:record"/>\n' % url,
    "schema": '<record xmlns="urn:x-gpdigest:record" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
              ' xsi:schemaLocation="urn:x-gpdigest:record %sr.xsd" version="1" id="schema"/>\n' % url,
    "xinclude": '<record xmlns="urn:x-gpdigest:record" xmlns:xi="http://www.w3.org/2001/XInclude">'
                '<xi:include href="%sx.xml"/></record>\n' % url,
}
bad = 0
for name, text in docs.items():
    path = os.path.join(tmp, "net-%s.xml" % name)
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + text)
    r = subprocess.run(["timeout", "2", prog, "validate", "--templates", templates, path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 1:
        print("network case %s: exit %d" % (name, r.returncode)); bad = 1
srv.setblocking(False)
try:
    conn, _ = srv.accept()
    print("a connection reached the listener"); bad = 1
except BlockingIOError:
    pass
sys.exit(bad)
PY

# A canary file instead of /etc/passwd: whichever way a record points at it,
# its content never reaches the output.
canary=$GPD_TMP/canary.txt
echo "CANARY-$$-$RANDOM-SECRET" >"$canary"
secret=$(cat "$canary")
i=0
for doc in \
	"<!DOCTYPE record [<!ENTITY c SYSTEM \"file://$canary\">]><record xmlns=\"urn:x-gpdigest:record\">&c;</record>" \
	"<!DOCTYPE record [<!ENTITY c SYSTEM \"$canary\">]><record xmlns=\"urn:x-gpdigest:record\">&c;</record>" \
	"<!DOCTYPE record SYSTEM \"file://$canary\"><record xmlns=\"urn:x-gpdigest:record\"/>" \
	"<record xmlns=\"urn:x-gpdigest:record\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"$canary\" parse=\"text\"/></record>"; do
	i=$((i + 1))
	printf '%s\n' "$doc" >"$GPD_TMP/canary-$i.xml"
	run validate "$GPD_TMP/canary-$i.xml"
	expect_rc 1 "canary $i"
	expect_not_in "$ERR" "$secret" "canary $i"
	expect_not_in "$OUT" "$secret" "canary $i"
done

# A FIFO named like a record: refused at once, never waited on.
if mkfifo "$GPD_TMP/fifo.xml" 2>/dev/null; then
	run validate "$GPD_TMP/fifo.xml"
	expect_rc 2 "fifo"
	expect_in "$ERR" "refused: it is a FIFO; records and templates are read only from regular files [not-regular-file]" "fifo"
	mkdir "$GPD_TMP/fifodir" && mv "$GPD_TMP/fifo.xml" "$GPD_TMP/fifodir/"
	run validate "$GPD_TMP/fifodir"
	expect_rc 2 "fifo in a folder"
fi

# --- the seed records ---------------------------------------------------------

# The shipped templates accept the seeds' five reviewed warnings
# (templates/accepted-warnings), so --strict passes; the checks after read
# the seeds without that file, to see the warnings themselves.
run -d "$GPD_SOURCE_DIR" validate --strict
expect_rc 0 "records --strict, the shipped warnings accepted"
expect_in "$ERR" "gpdigest: 5 records checked: 0 errors, 0 warnings, 5 accepted" "records --strict"
expect_not_in "$ERR" "warning:" "records --strict, accepted"
PLAIN=$GPD_TMP/plain-templates
cp -r "$TEMPLATES" "$PLAIN" && rm -f "$PLAIN/accepted-warnings"

run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" records
expect_rc 0 "records"
expect_diag_lines "$ERR" "records/" "records"
expect_in "$ERR" "records/birmingham-peer-education.xml:10:3: warning: no National Leaving Care Standards criterion stated [no-criterion]" "records"
expect_not_in "$ERR" ": error: " "records"
expect_in "$ERR" "gpdigest: 5 records checked: 0 errors, " "records"
expect_empty "$OUT" "records (stdout)"
cp "$ERR" "$GPD_TMP/records.err"

# the default path is records/
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN"
expect_rc 0 "validate (default path)"
count_check
cmp -s "$ERR" "$GPD_TMP/records.err" || fail "validate with no path differs from validate records"

# each seed alone is valid too
for f in "$RECORDS"/*.xml; do
	run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" "records/$(basename "$f")"
	expect_rc 0 "records/$(basename "$f")"
done

run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" --strict records
expect_rc 1 "records --strict"
expect_diag_lines "$ERR" "records/" "records --strict"
expect_in "$ERR" "records/birmingham-peer-education.xml:10:3: error: no National Leaving Care Standards criterion stated [no-criterion]" "records --strict"
expect_not_in "$ERR" ": warning: " "records --strict"

# the same diagnostics, only promoted
count_check
sed 's/: warning: /: error: /' "$GPD_TMP/records.err" | grep -v '^gpdigest: ' >"$GPD_TMP/a"
grep -v '^gpdigest: ' "$ERR" >"$GPD_TMP/b"
cmp -s "$GPD_TMP/a" "$GPD_TMP/b" || fail "--strict changed more than the severities"

# --format=github
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" --format=github records
expect_rc 0 "github"
expect_in "$ERR" "::warning file=records/birmingham-peer-education.xml,line=10,col=3::no National Leaving Care Standards criterion stated [no-criterion]" "github"
count_check
grep -v '^gpdigest: ' "$ERR" | grep -Ev '^::(warning|error) file=[^,:]+,line=[0-9]+,col=[0-9]+::.+$' >"$GPD_TMP/x" &&
	{ fail "github: lines not in ::warning file=F,line=L,col=C:: form"; cat "$GPD_TMP/x"; }
count_check
[ "$(grep -c '^::warning ' "$ERR")" -eq "$(grep -c ': warning: ' "$GPD_TMP/records.err")" ] ||
	fail "github: not one annotation per diagnostic"
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" --format=github --strict records
expect_rc 1 "github --strict"
expect_in "$ERR" "::error file=records/birmingham-peer-education.xml,line=10,col=3::" "github --strict"
run -d "$BAD" validate --format=github --templates "$TEMPLATES" unknown-option.xml
expect_rc 1 "github error"
# annotations name files from the project folder (here the repository's
# root, found from tests/bad), as GitHub wants them; the human format
# names them from where the user is
expect_in "$ERR" "::error file=tests/bad/unknown-option.xml,line=" "github error"

# --format=json: one valid JSON array on stderr, nothing else; the summary
# is its last element
json_check() { # FILE WANT_SEVERITY WHAT
	count_check
	python3 -m json.tool "$1" >/dev/null 2>"$GPD_TMP/json.err" ||
		{ fail "$3: not valid JSON"; sed 's/^/  | /' "$1" | head; return; }
	python3 - "$1" "$2" <<'PY' || fail "$3: JSON content"
import json, sys
doc = json.load(open(sys.argv[1]))
assert isinstance(doc, list) and doc, "not a non-empty array"
for d in doc:
    assert set(d) == {"file", "line", "column", "severity", "code", "message"}, d
    assert isinstance(d["line"], int) and isinstance(d["column"], int), d
    assert d["severity"] in ("warning", "error", "note"), d
# the run's summary is the last element, and the only note
assert doc[-1]["severity"] == "note" and doc[-1]["code"] == "summary", doc[-1]
assert all(d["severity"] != "note" for d in doc[:-1]), "a note before the end"
assert any(d["severity"] == sys.argv[2] for d in doc), "no " + sys.argv[2]
PY
}
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" --format=json records
expect_rc 0 "json"
json_check "$ERR" warning "json"
expect_in "$ERR" '"file":"records/birmingham-peer-education.xml","line":10,"column":3,"severity":"warning","code":"no-criterion"' "json"
expect_in "$ERR" '"severity":"note","code":"summary","message":"5 records checked: 0 errors, 5 warnings"}' "json"
expect_empty "$OUT" "json (stdout)"
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" --format=json --strict records
expect_rc 1 "json --strict"
json_check "$ERR" error "json --strict"
run -d "$BAD" validate --format=json --templates "$TEMPLATES" unknown-option.xml malformed.xml control-char.xml invalid-utf8.xml
expect_rc 1 "json errors"
json_check "$ERR" error "json errors"
run -d "$GPD_TMP" validate --format=json /nonexistent/x.xml
expect_rc 2 "json io"
json_check "$ERR" error "json io"

# several paths at once: files and folders mix, the worst status wins
run -d "$BAD" validate --templates "$TEMPLATES" "$RECORDS" unknown-criterion.xml
expect_rc 0 "records + a warning"
run -d "$BAD" validate --templates "$TEMPLATES" "$RECORDS" malformed.xml
expect_rc 1 "records + an error"
expect_in "$ERR" "6 records checked" "records + an error"

# --- usage and I/O errors: exit 2 -------------------------------------------

run validate /nonexistent/records
expect_rc 2 "nonexistent folder"
expect_in "$ERR" "/nonexistent/records" "nonexistent folder"
expect_in "$ERR" "[io]" "nonexistent folder"
run validate "$GPD_TMP/missing.xml"
expect_rc 2 "nonexistent file"
expect_in "$ERR" "missing.xml" "nonexistent file"
run -d "$GPD_SOURCE_DIR" validate --templates "$PLAIN" records /nonexistent/x.xml
expect_rc 2 "a good folder and a missing file"
run validate /dev/null
expect_rc 2 "not a regular file"
if [ "$(id -u)" -ne 0 ]; then
	# root reads anything, so this only means something for other users
	cp "$RECORDS/birmingham-peer-education.xml" "$GPD_TMP/"
	chmod 000 "$GPD_TMP/birmingham-peer-education.xml"
	run validate "$GPD_TMP/birmingham-peer-education.xml"
	expect_rc 2 "unreadable file"
	expect_in "$ERR" "Permission denied" "unreadable file"
fi

run validate --bogus records
expect_rc 2 "unknown option"
expect_in "$ERR" "--bogus" "unknown option"
expect_in "$ERR" "gpdigest validate --help" "unknown option (hint)"
run validate --format=xml records
expect_rc 2 "unknown format"
expect_in "$ERR" "xml" "unknown format"
expect_in "$ERR" "--help" "unknown format (hint)"
run validate --format
expect_rc 2 "--format without a value"
expect_in "$ERR" "--help" "--format without a value (hint)"
run validate --templates
expect_rc 2 "--templates without a value"

# --- valgrind: no leak, no invalid access ------------------------------------

# (not on a sanitizer build: the two do not mix, and ASan checks the same)
if ldd "$GPDIGEST" 2>/dev/null | grep -q libasan; then
	echo "SKIP: valgrind on a sanitizer build"
elif have valgrind; then
	vg() { # WHAT DIR ARGS...
		local what=$1 dir=$2
		shift 2
		count_check
		(cd "$dir" && timeout 120 valgrind -q --leak-check=full --error-exitcode=9 \
			"$GPDIGEST" "$@") >/dev/null 2>"$GPD_TMP/vg.err"
		[ $? -ne 9 ] || { fail "valgrind: $what"; grep '^==' "$GPD_TMP/vg.err" | head -30; }
	}
	vg "validate records" "$GPD_SOURCE_DIR" validate records
	vg "validate --strict --format=json records" "$GPD_SOURCE_DIR" validate --strict --format=json records
	vg "validate --format=github records" "$GPD_SOURCE_DIR" validate --format=github records
	vg "bad cases" "$BAD" validate --templates "$TEMPLATES" malformed.xml unknown-option.xml \
		billion-laughs.xml xxe-passwd.xml invalid-utf8.xml empty.xml specify-no-text.xml \
		unknown-criterion.xml duplicate-id
	vg "missing path" "$GPD_SOURCE_DIR" validate /nonexistent
	vg "usage error" "$GPD_SOURCE_DIR" validate --bogus
fi

# --- xmllint agrees with the schema ------------------------------------------

if have xmllint; then
	run_xmllint() { xmllint --noout --nonet --schema "$RECORDS/record.xsd" "$@" >/dev/null 2>"$GPD_TMP/xmllint.err"; }
	count_check
	run_xmllint "$RECORDS"/*.xml || { fail "xmllint rejects records/*.xml"; cat "$GPD_TMP/xmllint.err"; }
	# the corpus: what gpdigest calls a schema error, xmllint rejects; what
	# only the lint flags, xmllint accepts
	for err in "$BAD"/*.err; do
		name=$(basename "$err" .err)
		[ -f "$BAD/$name.xml" ] || continue
		if grep -q '\[schema\]$' "$err"; then
			count_check
			run_xmllint "$BAD/$name.xml" && fail "xmllint accepts $name.xml, gpdigest does not"
		elif ! grep -Eq '\[(xml|dtd|encoding|empty-file|too-large)\]$' "$err"; then
			count_check
			run_xmllint "$BAD/$name.xml" ||
				{ fail "xmllint rejects $name.xml, which only the lint flags"; cat "$GPD_TMP/xmllint.err"; }
		fi
	done
fi

gpd_finish
