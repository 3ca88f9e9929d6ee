#!/bin/bash
# tests/cli/clone.sh: the README's first command on a fresh clone leaves
# `git status` clean: the committed out/ (manifest included) is exactly what
# a build writes, whatever the files' times and inodes, and what a build
# keeps of those (out/.gpdigest-cache) is ignored by git.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
need git

export LC_ALL=C.UTF-8 GIT_CONFIG_NOSYSTEM=1 HOME=$GPD_TMP
unset SOURCE_DATE_EPOCH
git config --global user.email test@example.invalid
git config --global user.name test
git config --global init.defaultBranch main

# "A clone": the committed files a build reads and writes, copied afresh
# (new inodes, new times), in a repository of their own.
C=$GPD_TMP/clone
mkdir -p "$C"
cp "$GPD_SOURCE_DIR/.gitignore" "$C/"
(cd "$GPD_SOURCE_DIR" && tar cf - --exclude=.gpdigest-cache --exclude=.gpdigest-lock records templates out) |
	(cd "$C" && tar xf - --no-same-owner -m)
cd "$C" || exit 1
git init -q . && git add -A && git commit -qm clone || { fail "cannot make the clone"; gpd_finish; }

expect_rc 0 "gpdigest build on the clone (the README's first command)" "$GPDIGEST" build
check "git status is clean after it" test -z "$(git status --porcelain)"
git status --porcelain | sed 's/^/  | /'
check "the build kept its file times in out/.gpdigest-cache" test -f out/.gpdigest-cache
check "which git ignores" git check-ignore -q out/.gpdigest-cache
expect_rc 0 "a second build" "$GPDIGEST" build
check "is a no-op" has "0 editions built"
check "and git status is still clean" test -z "$(git status --porcelain)"

# The manifest names no file time: touching every output and building
# again changes nothing git sees.
sleep 1.1
find out -type f -exec touch {} +
expect_rc 0 "a build after touching every output" "$GPDIGEST" build
check "git status is still clean" test -z "$(git status --porcelain)"
expect_rc 0 "build --check on the clone" "$GPDIGEST" build --check

# --check also holds the manifest to what a build writes: one whose
# recorded diagnostics are out of date would be rewritten by the next build,
# and a clone would no longer be clean.
sed -i '/^diag /d' out/.gpdigest-manifest
expect_rc 1 "--check with the manifest's diagnostics removed" "$GPDIGEST" build --check
check "names the manifest" has "out/.gpdigest-manifest is not what a build writes"
check "and no output" lacks "compendium"
expect_rc 0 "a build" "$GPDIGEST" build
check "restores the committed manifest" test -z "$(git status --porcelain)"

gpd_finish
