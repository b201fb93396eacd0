# bash completion for sockerr, generated from its command-line definition
# (`sockerr completions bash`). Install: copy to
# ~/.local/share/bash-completion/completions/sockerr

__sockerr_list() {
    case $1 in
        0) echo 'EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN EWOULDBLOCK ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK EDEADLOCK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON EAI_BADFLAGS EAI_NONAME EAI_AGAIN EAI_FAIL EAI_NODATA EAI_FAMILY EAI_SOCKTYPE EAI_SERVICE EAI_ADDRFAMILY EAI_MEMORY EAI_SYSTEM EAI_OVERFLOW EAI_INPROGRESS EAI_CANCELED EAI_NOTCANCELED EAI_ALLDONE EAI_INTR EAI_IDN_ENCODE eperm enoent esrch eintr eio enxio e2big enoexec ebadf echild eagain ewouldblock enomem eacces efault enotblk ebusy eexist exdev enodev enotdir eisdir einval enfile emfile enotty etxtbsy efbig enospc espipe erofs emlink epipe edom erange edeadlk edeadlock enametoolong enolck enosys enotempty eloop enomsg eidrm echrng el2nsync el3hlt el3rst elnrng eunatch enocsi el2hlt ebade ebadr exfull enoano ebadrqc ebadslt ebfont enostr enodata etime enosr enonet enopkg eremote enolink eadv esrmnt ecomm eproto emultihop edotdot ebadmsg eoverflow enotuniq ebadfd eremchg elibacc elibbad elibscn elibmax elibexec eilseq erestart estrpipe eusers enotsock edestaddrreq emsgsize eprototype enoprotoopt eprotonosupport esocktnosupport eopnotsupp enotsup epfnosupport eafnosupport eaddrinuse eaddrnotavail enetdown enetunreach enetreset econnaborted econnreset enobufs eisconn enotconn eshutdown etoomanyrefs etimedout econnrefused ehostdown ehostunreach ealready einprogress estale euclean enotnam enavail eisnam eremoteio edquot enomedium emediumtype ecanceled enokey ekeyexpired ekeyrevoked ekeyrejected eownerdead enotrecoverable erfkill ehwpoison eai_badflags eai_noname eai_again eai_fail eai_nodata eai_family eai_socktype eai_service eai_addrfamily eai_memory eai_system eai_overflow eai_inprogress eai_canceled eai_notcanceled eai_alldone eai_intr eai_idn_encode' ;;
        1) echo 'connect send recv bind setsockopt getsockopt accept listen socket shutdown getpeername getsockname close socketpair sendmsg recvmsg poll select epoll_wait epoll_ctl sendfile splice fcntl ioctl getaddrinfo' ;;
        2) echo 'en zh' ;;
        3) echo 'auto always never' ;;
        4) echo 'linux macos freebsd windows' ;;
        5) echo 'bash elvish fish powershell zsh' ;;
        6) echo 'man completions' ;;
    esac
}

__sockerr_options() {
    case $1 in
        'sockerr') echo '--syscall -s --lang --color --os --json --brief -b --help -h --version -V' ;;
        'sockerr;explain') echo '--syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;list') echo '--syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;search') echo '--syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;scan') echo '--only-errors --summary --syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;repro') echo '--list --syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;diagnose') echo '--pid --name --udp --seconds --probe --syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;trace') echo '--pid -p --summary --output -o --all --diagnose --syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;completions') echo '--syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;generate') echo '--syscall -s --lang --color --os --json --brief -b --help -h' ;;
        'sockerr;help') echo '' ;;
        'sockerr;help;explain') echo '' ;;
        'sockerr;help;list') echo '' ;;
        'sockerr;help;search') echo '' ;;
        'sockerr;help;scan') echo '' ;;
        'sockerr;help;repro') echo '' ;;
        'sockerr;help;diagnose') echo '' ;;
        'sockerr;help;trace') echo '' ;;
        'sockerr;help;completions') echo '' ;;
        'sockerr;help;generate') echo '' ;;
        'sockerr;help;help') echo '' ;;
    esac
}

# Offers the values of option $2 in command $1.
__sockerr_option_values() {
    case "$1 $2" in
        'sockerr --syscall'|'sockerr -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;explain --syscall'|'sockerr;explain -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;explain --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;explain --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;explain --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;list --syscall'|'sockerr;list -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;list --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;list --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;list --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;search --syscall'|'sockerr;search -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;search --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;search --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;search --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;scan --syscall'|'sockerr;scan -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;scan --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;scan --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;scan --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;repro --syscall'|'sockerr;repro -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;repro --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;repro --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;repro --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;diagnose --pid') : ;;
        'sockerr;diagnose --name') : ;;
        'sockerr;diagnose --seconds') : ;;
        'sockerr;diagnose --syscall'|'sockerr;diagnose -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;diagnose --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;diagnose --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;diagnose --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;trace --pid'|'sockerr;trace -p') : ;;
        'sockerr;trace --output'|'sockerr;trace -o') __sockerr_files -f ;;
        'sockerr;trace --syscall'|'sockerr;trace -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;trace --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;trace --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;trace --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;completions --syscall'|'sockerr;completions -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;completions --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;completions --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;completions --os') __sockerr_offer "$(__sockerr_list 4)" ;;
        'sockerr;generate --syscall'|'sockerr;generate -s') __sockerr_offer "$(__sockerr_list 1)" ;;
        'sockerr;generate --lang') __sockerr_offer "$(__sockerr_list 2)" ;;
        'sockerr;generate --color') __sockerr_offer "$(__sockerr_list 3)" ;;
        'sockerr;generate --os') __sockerr_offer "$(__sockerr_list 4)" ;;
    esac
}

__sockerr_subcommands() {
    case $1 in
        'sockerr') echo 'explain list search scan repro diagnose trace completions help' ;;
        'sockerr;explain') echo '' ;;
        'sockerr;list') echo '' ;;
        'sockerr;search') echo '' ;;
        'sockerr;scan') echo '' ;;
        'sockerr;repro') echo '' ;;
        'sockerr;diagnose') echo '' ;;
        'sockerr;trace') echo '' ;;
        'sockerr;completions') echo '' ;;
        'sockerr;generate') echo '' ;;
        'sockerr;help') echo 'explain list search scan repro diagnose trace completions help' ;;
        'sockerr;help;explain') echo '' ;;
        'sockerr;help;list') echo '' ;;
        'sockerr;help;search') echo '' ;;
        'sockerr;help;scan') echo '' ;;
        'sockerr;help;repro') echo '' ;;
        'sockerr;help;diagnose') echo '' ;;
        'sockerr;help;trace') echo '' ;;
        'sockerr;help;completions') echo '' ;;
        'sockerr;help;generate') echo '' ;;
        'sockerr;help;help') echo '' ;;
    esac
}

__sockerr_children() {
    case $1 in
        'sockerr') echo 'explain list search scan repro diagnose trace completions generate help' ;;
        'sockerr;explain') echo '' ;;
        'sockerr;list') echo '' ;;
        'sockerr;search') echo '' ;;
        'sockerr;scan') echo '' ;;
        'sockerr;repro') echo '' ;;
        'sockerr;diagnose') echo '' ;;
        'sockerr;trace') echo '' ;;
        'sockerr;completions') echo '' ;;
        'sockerr;generate') echo '' ;;
        'sockerr;help') echo 'explain list search scan repro diagnose trace completions generate help' ;;
        'sockerr;help;explain') echo '' ;;
        'sockerr;help;list') echo '' ;;
        'sockerr;help;search') echo '' ;;
        'sockerr;help;scan') echo '' ;;
        'sockerr;help;repro') echo '' ;;
        'sockerr;help;diagnose') echo '' ;;
        'sockerr;help;trace') echo '' ;;
        'sockerr;help;completions') echo '' ;;
        'sockerr;help;generate') echo '' ;;
        'sockerr;help;help') echo '' ;;
    esac
}

# Offers positional number $2 (from 0) of command $1.
__sockerr_positional() {
    case "$1 $2" in
        'sockerr '*) __sockerr_offer "$(__sockerr_list 0)" ;;
        'sockerr;explain '*) __sockerr_offer "$(__sockerr_list 0)" ;;
        'sockerr;search '*) : ;;
        'sockerr;scan '*) __sockerr_files -f ;;
        'sockerr;repro 0') __sockerr_offer "$(__sockerr_list 0)" ;;
        'sockerr;diagnose 0') __sockerr_offer "$(__sockerr_list 0)" ;;
        'sockerr;diagnose 1') : ;;
        'sockerr;trace '*) : ;;
        'sockerr;completions 0') __sockerr_offer "$(__sockerr_list 5)" ;;
        'sockerr;generate 0') __sockerr_offer "$(__sockerr_list 6)" ;;
        'sockerr;generate 1') __sockerr_files -d ;;
    esac
}

__sockerr_offer() {
    local IFS=$' \t\n'
    COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

__sockerr_files() {
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY+=($(compgen "$1" -- "$cur"))
}

_sockerr() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local node=sockerr npos=0 pending= w i
    COMPREPLY=()
    # bash splits --opt=value at the '=' (COMP_WORDBREAKS): `--os`, `=`, `f`.
    if [[ $cur == = ]]; then
        cur=
        __sockerr_option_values_at $((COMP_CWORD - 1))
        return 0
    fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == = ]]; then
            continue
        elif [[ -n $pending ]]; then
            pending=
        elif [[ $w == -* ]]; then
            case " --color --lang --name --os --output --pid --seconds --syscall -o -p -s " in
                *" $w "*) pending=$w ;;
            esac
        elif ((npos == 0)) && [[ " $(__sockerr_children "$node") " == *" $w "* ]]; then
            node="$node;$w"
        else
            ((npos++))
        fi
    done
    if [[ -n $pending ]]; then
        __sockerr_option_values "$node" "$pending"
    elif [[ $cur == -* ]]; then
        __sockerr_offer "$(__sockerr_options "$node")"
    else
        ((npos == 0)) && __sockerr_offer "$(__sockerr_subcommands "$node")"
        __sockerr_positional "$node" "$npos"
    fi
    return 0
}

# After `--opt =`, where word $1 is the '=': the values of the option before it.
__sockerr_option_values_at() {
    local opt=${COMP_WORDS[$1 - 1]} node=sockerr npos=0 w i
    for ((i = 1; i < $1 - 1; i++)); do
        w=${COMP_WORDS[i]}
        if ((npos == 0)) && [[ $w != -* && " $(__sockerr_children "$node") " == *" $w "* ]]; then
            node="$node;$w"
        fi
    done
    __sockerr_option_values "$node" "$opt"
}

complete -F _sockerr sockerr
