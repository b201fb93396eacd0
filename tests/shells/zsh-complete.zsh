#!/usr/bin/env zsh
# Prints the completions zsh offers for a command line, one per line, by
# running a real interactive zsh in a pseudo-terminal (zpty), with compinit
# and the given completion directory on $fpath, and recording what the
# completion system passes to compadd. The technique is the one of
# zsh-capture-completion: wrap compadd, press Tab, read the results.
#   zsh zsh-complete.zsh COMPLETION_DIR 'sockerr ECONNR'
emulate -L zsh
zmodload zsh/zpty || exit 2
dir=$1
line=$2

zpty z 'PS1="zsh> " zsh -f -i'
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z "zstyle ':completion:*' matcher-list ''"
# Every match compadd receives is printed between markers; the markers are
# split in the typed text ("<h""it>") so the terminal's echo of what we type
# cannot be mistaken for them.
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits __dscr
  builtin compadd -A __hits "$@"
  local r=$?
  (( $#__hits )) || return $r
  local h; for h in $__hits; do print -r -- "<h""it>$h</h""it>"; done
  return $r
}'
zpty -w z 'comppostfuncs=(__capture_done); __capture_done() { print -r -- "<do""ne>"; exit }'
zpty -w z "bindkey '^I' complete-word"
zpty -n -w z "$line"$'\t'
out=""
integer tries=0
while (( tries++ < 200 )); do
  zpty -r -t z chunk 2>/dev/null || { sleep 0.05; continue }
  out+=$chunk
  [[ $out == *'<done>'* ]] && break
done
zpty -d z
print -r -- "$out" | tr -d '\r' | grep -o '<hit>[^<]*</hit>' | sed -e 's/^<hit>//' -e 's/<\/hit>$//' | sort -u
