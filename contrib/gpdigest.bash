# bash completion for gpdigest: commands, each command's options (read from
# its --help, so they are never out of date), filter values (from
# `gpdigest schema`), diagnostics codes and formats.
# Installed as share/bash-completion/completions/gpdigest.

_gpdigest_options()
{
	"$1" "$2" --help 2>/dev/null | grep -oE -- '(^|[ [])--?[a-zA-Z][a-zA-Z-]*' |
		sed 's/^[ []//' | sort -u
}

# The option ids of a group of the form (the schema's enumerations).
_gpdigest_ids()
{
	"$1" schema 2>/dev/null |
		sed -n "/<xs:simpleType name=\"$2\">/,/<\/xs:simpleType>/s/.*enumeration value=\"\([^\"]*\)\".*/\1/p"
}

_gpdigest()
{
	local cur prev words cword prog cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	prog=${COMP_WORDS[0]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $prev in
	-C | --records | --templates | --out | -o)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--diagnostics)
		COMPREPLY=($(compgen -W "human github json" -- "$cur"))
		return ;;
	--format)
		case $cmd in
		build) COMPREPLY=($(compgen -W "md pdf md,pdf" -- "$cur")) ;;
		list) COMPREPLY=($(compgen -W "human tsv json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "human github json" -- "$cur")) ;;
		esac
		return ;;
	--region) COMPREPLY=($(compgen -W "$(_gpdigest_ids "$prog" regions)" -- "$cur")); return ;;
	--outcome) COMPREPLY=($(compgen -W "$(_gpdigest_ids "$prog" outcomes)" -- "$cur")); return ;;
	--target) COMPREPLY=($(compgen -W "$(_gpdigest_ids "$prog" target-groups)" -- "$cur")); return ;;
	--agency-type) COMPREPLY=($(compgen -W "$(_gpdigest_ids "$prog" agency-types)" -- "$cur")); return ;;
	--no-warn)
		COMPREPLY=($(compgen -W "$("$prog" help diagnostics 2>/dev/null |
			awk '$2 == "warning" { print $1 }')" -- "$cur"))
		return ;;
	--authority | --criterion | --grep | --edition | --title | --received | --id | -j | --jobs)
		return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "new validate list build import structure schema help" -- "$cur"))
		fi
		return
	fi
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "new validate list build import structure schema help diagnostics" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_gpdigest_options "$prog" "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	validate) COMPREPLY=($(compgen -f -X '!*.@(xml|XML)' -- "$cur") $(compgen -d -- "$cur")) ;;
	import) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

complete -F _gpdigest gpdigest
