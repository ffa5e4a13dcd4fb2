# color-ls initialization

# Skip all for noninteractive shells.
[ -t 0 ] || return

alias ll='ls -l' 2>/dev/null
alias l.='ls -d .*' 2>/dev/null
