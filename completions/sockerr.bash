_sockerr() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="sockerr"
                ;;
            sockerr,completions)
                cmd="sockerr__subcmd__completions"
                ;;
            sockerr,explain)
                cmd="sockerr__subcmd__explain"
                ;;
            sockerr,generate)
                cmd="sockerr__subcmd__generate"
                ;;
            sockerr,help)
                cmd="sockerr__subcmd__help"
                ;;
            sockerr,list)
                cmd="sockerr__subcmd__list"
                ;;
            sockerr,repro)
                cmd="sockerr__subcmd__repro"
                ;;
            sockerr,scan)
                cmd="sockerr__subcmd__scan"
                ;;
            sockerr,search)
                cmd="sockerr__subcmd__search"
                ;;
            sockerr,trace)
                cmd="sockerr__subcmd__trace"
                ;;
            sockerr__subcmd__help,completions)
                cmd="sockerr__subcmd__help__subcmd__completions"
                ;;
            sockerr__subcmd__help,explain)
                cmd="sockerr__subcmd__help__subcmd__explain"
                ;;
            sockerr__subcmd__help,generate)
                cmd="sockerr__subcmd__help__subcmd__generate"
                ;;
            sockerr__subcmd__help,help)
                cmd="sockerr__subcmd__help__subcmd__help"
                ;;
            sockerr__subcmd__help,list)
                cmd="sockerr__subcmd__help__subcmd__list"
                ;;
            sockerr__subcmd__help,repro)
                cmd="sockerr__subcmd__help__subcmd__repro"
                ;;
            sockerr__subcmd__help,scan)
                cmd="sockerr__subcmd__help__subcmd__scan"
                ;;
            sockerr__subcmd__help,search)
                cmd="sockerr__subcmd__help__subcmd__search"
                ;;
            sockerr__subcmd__help,trace)
                cmd="sockerr__subcmd__help__subcmd__trace"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        sockerr)
            opts="-s -b -h -V --syscall --lang --color --os --json --brief --help --version EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN EWOULDBLOCK ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK EDEADLOCK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON eperm enoent esrch eintr eio enxio e2big enoexec ebadf echild eagain ewouldblock enomem eacces efault enotblk ebusy eexist exdev enodev enotdir eisdir einval enfile emfile enotty etxtbsy efbig enospc espipe erofs emlink epipe edom erange edeadlk edeadlock enametoolong enolck enosys enotempty eloop enomsg eidrm echrng el2nsync el3hlt el3rst elnrng eunatch enocsi el2hlt ebade ebadr exfull enoano ebadrqc ebadslt ebfont enostr enodata etime enosr enonet enopkg eremote enolink eadv esrmnt ecomm eproto emultihop edotdot ebadmsg eoverflow enotuniq ebadfd eremchg elibacc elibbad elibscn elibmax elibexec eilseq erestart estrpipe eusers enotsock edestaddrreq emsgsize eprototype enoprotoopt eprotonosupport esocktnosupport eopnotsupp enotsup epfnosupport eafnosupport eaddrinuse eaddrnotavail enetdown enetunreach enetreset econnaborted econnreset enobufs eisconn enotconn eshutdown etoomanyrefs etimedout econnrefused ehostdown ehostunreach ealready einprogress estale euclean enotnam enavail eisnam eremoteio edquot enomedium emediumtype ecanceled enokey ekeyexpired ekeyrevoked ekeyrejected eownerdead enotrecoverable erfkill ehwpoison explain list search scan repro trace completions generate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__completions)
            opts="-s -b -h --syscall --lang --color --os --json --brief --help bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__explain)
            opts="-s -b -h --syscall --lang --color --os --json --brief --help EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN EWOULDBLOCK ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK EDEADLOCK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON eperm enoent esrch eintr eio enxio e2big enoexec ebadf echild eagain ewouldblock enomem eacces efault enotblk ebusy eexist exdev enodev enotdir eisdir einval enfile emfile enotty etxtbsy efbig enospc espipe erofs emlink epipe edom erange edeadlk edeadlock enametoolong enolck enosys enotempty eloop enomsg eidrm echrng el2nsync el3hlt el3rst elnrng eunatch enocsi el2hlt ebade ebadr exfull enoano ebadrqc ebadslt ebfont enostr enodata etime enosr enonet enopkg eremote enolink eadv esrmnt ecomm eproto emultihop edotdot ebadmsg eoverflow enotuniq ebadfd eremchg elibacc elibbad elibscn elibmax elibexec eilseq erestart estrpipe eusers enotsock edestaddrreq emsgsize eprototype enoprotoopt eprotonosupport esocktnosupport eopnotsupp enotsup epfnosupport eafnosupport eaddrinuse eaddrnotavail enetdown enetunreach enetreset econnaborted econnreset enobufs eisconn enotconn eshutdown etoomanyrefs etimedout econnrefused ehostdown ehostunreach ealready einprogress estale euclean enotnam enavail eisnam eremoteio edquot enomedium emediumtype ecanceled enokey ekeyexpired ekeyrevoked ekeyrejected eownerdead enotrecoverable erfkill ehwpoison"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__generate)
            opts="-s -b -h --syscall --lang --color --os --json --brief --help man completions"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help)
            opts="explain list search scan repro trace completions generate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__generate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__repro)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__scan)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__search)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__help__subcmd__trace)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__list)
            opts="-s -b -h --syscall --lang --color --os --json --brief --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__repro)
            opts="-s -b -h --list --syscall --lang --color --os --json --brief --help EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN EWOULDBLOCK ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK EDEADLOCK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON eperm enoent esrch eintr eio enxio e2big enoexec ebadf echild eagain ewouldblock enomem eacces efault enotblk ebusy eexist exdev enodev enotdir eisdir einval enfile emfile enotty etxtbsy efbig enospc espipe erofs emlink epipe edom erange edeadlk edeadlock enametoolong enolck enosys enotempty eloop enomsg eidrm echrng el2nsync el3hlt el3rst elnrng eunatch enocsi el2hlt ebade ebadr exfull enoano ebadrqc ebadslt ebfont enostr enodata etime enosr enonet enopkg eremote enolink eadv esrmnt ecomm eproto emultihop edotdot ebadmsg eoverflow enotuniq ebadfd eremchg elibacc elibbad elibscn elibmax elibexec eilseq erestart estrpipe eusers enotsock edestaddrreq emsgsize eprototype enoprotoopt eprotonosupport esocktnosupport eopnotsupp enotsup epfnosupport eafnosupport eaddrinuse eaddrnotavail enetdown enetunreach enetreset econnaborted econnreset enobufs eisconn enotconn eshutdown etoomanyrefs etimedout econnrefused ehostdown ehostunreach ealready einprogress estale euclean enotnam enavail eisnam eremoteio edquot enomedium emediumtype ecanceled enokey ekeyexpired ekeyrevoked ekeyrejected eownerdead enotrecoverable erfkill ehwpoison"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__scan)
            opts="-s -b -h --only-errors --summary --syscall --lang --color --os --json --brief --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__search)
            opts="-s -b -h --syscall --lang --color --os --json --brief --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        sockerr__subcmd__trace)
            opts="-p -o -s -b -h --pid --summary --output --all --diagnose --syscall --lang --color --os --json --brief --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --pid)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --syscall)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -W "connect send recv bind setsockopt getsockopt accept listen socket shutdown" -- "${cur}"))
                    return 0
                    ;;
                --lang)
                    COMPREPLY=($(compgen -W "en zh" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --os)
                    COMPREPLY=($(compgen -W "linux macos freebsd windows" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _sockerr -o nosort -o bashdefault -o default sockerr
else
    complete -F _sockerr -o bashdefault -o default sockerr
fi
