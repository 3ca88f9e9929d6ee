#!/usr/bin/env bash
# md-sweep.sh: measures a build of one record (or one template) made of each
# pattern of mdpatterns.py at each size; prints one line a run: pattern,
# where, size, exit status, wall seconds, peak RSS in kB, the first
# diagnostic. Not a ctest: a measurement (README, "Limits"; the cases that
# keep its findings fixed are tests/security/case-13-markdown.sh).
#   GPDIGEST=build-rel/gpdigest bash tests/security/md-sweep.sh WORKDIR [PATTERN...]
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
gpd=$(realpath "${GPDIGEST:-$src/build-rel/gpdigest}")
work=${1:?WORKDIR}
shift
sizes=${SIZES:-262144 524288 1048576}
pats=("$@")
[ ${#pats[@]} -gt 0 ] || mapfile -t pats < <(python3 "$src/tests/security/mdpatterns.py" --list | cut -d' ' -f1)
printf '%-18s %-8s %8s %3s %8s %8s %9s %s\n' pattern where size rc seconds cpu_s rss_kB diagnostic
for p in "${pats[@]}"; do
	wheres="record template"
	python3 "$src/tests/security/mdpatterns.py" --list | grep -q "^$p template$" && wheres=template
	for w in $wheres; do
		for s in $sizes; do
			d=$work/$p-$w-$s
			rm -rf "$d"
			python3 "$src/tests/security/mdpatterns.py" --source "$src" --pattern "$p" --size "$s" --where "$w" --out "$d"
			(cd "$d" && /usr/bin/time -v -o time.txt timeout -k 5 "${TIMEOUT:-300}" "$gpd" build --out out >stdout 2>stderr)
			rc=$(sed -n 's/.*Exit status: //p' "$d/time.txt")
			grep -q 'Command terminated by signal' "$d/time.txt" && rc=sig$(sed -n 's/.*terminated by signal //p' "$d/time.txt")
			wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$d/time.txt" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
			cpu=$(sed -n -e "s/.*User time (seconds): //p" -e "s/.*System time (seconds): //p" "$d/time.txt" | awk "{ s += \$1 } END { printf \"%.2f\", s }")
			rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$d/time.txt")
			msg=$(grep -v '^gpdigest: ' "$d/stderr" | head -1 | cut -c1-110)
			printf '%-18s %-8s %8s %3s %8s %8s %9s %s\n' "$p" "$w" "$s" "$rc" "$wall" "$cpu" "$rss" "$msg"
		done
	done
done
