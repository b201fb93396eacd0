# fish completion for sockerr, generated from its command-line definition
# (`sockerr completions fish`). Install: copy to
# ~/.config/fish/completions/sockerr.fish

function __sockerr_list_0
    echo 'EPERM'
    echo 'ENOENT'
    echo 'ESRCH'
    echo 'EINTR'
    echo 'EIO'
    echo 'ENXIO'
    echo 'E2BIG'
    echo 'ENOEXEC'
    echo 'EBADF'
    echo 'ECHILD'
    echo 'EAGAIN'
    echo 'EWOULDBLOCK'
    echo 'ENOMEM'
    echo 'EACCES'
    echo 'EFAULT'
    echo 'ENOTBLK'
    echo 'EBUSY'
    echo 'EEXIST'
    echo 'EXDEV'
    echo 'ENODEV'
    echo 'ENOTDIR'
    echo 'EISDIR'
    echo 'EINVAL'
    echo 'ENFILE'
    echo 'EMFILE'
    echo 'ENOTTY'
    echo 'ETXTBSY'
    echo 'EFBIG'
    echo 'ENOSPC'
    echo 'ESPIPE'
    echo 'EROFS'
    echo 'EMLINK'
    echo 'EPIPE'
    echo 'EDOM'
    echo 'ERANGE'
    echo 'EDEADLK'
    echo 'EDEADLOCK'
    echo 'ENAMETOOLONG'
    echo 'ENOLCK'
    echo 'ENOSYS'
    echo 'ENOTEMPTY'
    echo 'ELOOP'
    echo 'ENOMSG'
    echo 'EIDRM'
    echo 'ECHRNG'
    echo 'EL2NSYNC'
    echo 'EL3HLT'
    echo 'EL3RST'
    echo 'ELNRNG'
    echo 'EUNATCH'
    echo 'ENOCSI'
    echo 'EL2HLT'
    echo 'EBADE'
    echo 'EBADR'
    echo 'EXFULL'
    echo 'ENOANO'
    echo 'EBADRQC'
    echo 'EBADSLT'
    echo 'EBFONT'
    echo 'ENOSTR'
    echo 'ENODATA'
    echo 'ETIME'
    echo 'ENOSR'
    echo 'ENONET'
    echo 'ENOPKG'
    echo 'EREMOTE'
    echo 'ENOLINK'
    echo 'EADV'
    echo 'ESRMNT'
    echo 'ECOMM'
    echo 'EPROTO'
    echo 'EMULTIHOP'
    echo 'EDOTDOT'
    echo 'EBADMSG'
    echo 'EOVERFLOW'
    echo 'ENOTUNIQ'
    echo 'EBADFD'
    echo 'EREMCHG'
    echo 'ELIBACC'
    echo 'ELIBBAD'
    echo 'ELIBSCN'
    echo 'ELIBMAX'
    echo 'ELIBEXEC'
    echo 'EILSEQ'
    echo 'ERESTART'
    echo 'ESTRPIPE'
    echo 'EUSERS'
    echo 'ENOTSOCK'
    echo 'EDESTADDRREQ'
    echo 'EMSGSIZE'
    echo 'EPROTOTYPE'
    echo 'ENOPROTOOPT'
    echo 'EPROTONOSUPPORT'
    echo 'ESOCKTNOSUPPORT'
    echo 'EOPNOTSUPP'
    echo 'ENOTSUP'
    echo 'EPFNOSUPPORT'
    echo 'EAFNOSUPPORT'
    echo 'EADDRINUSE'
    echo 'EADDRNOTAVAIL'
    echo 'ENETDOWN'
    echo 'ENETUNREACH'
    echo 'ENETRESET'
    echo 'ECONNABORTED'
    echo 'ECONNRESET'
    echo 'ENOBUFS'
    echo 'EISCONN'
    echo 'ENOTCONN'
    echo 'ESHUTDOWN'
    echo 'ETOOMANYREFS'
    echo 'ETIMEDOUT'
    echo 'ECONNREFUSED'
    echo 'EHOSTDOWN'
    echo 'EHOSTUNREACH'
    echo 'EALREADY'
    echo 'EINPROGRESS'
    echo 'ESTALE'
    echo 'EUCLEAN'
    echo 'ENOTNAM'
    echo 'ENAVAIL'
    echo 'EISNAM'
    echo 'EREMOTEIO'
    echo 'EDQUOT'
    echo 'ENOMEDIUM'
    echo 'EMEDIUMTYPE'
    echo 'ECANCELED'
    echo 'ENOKEY'
    echo 'EKEYEXPIRED'
    echo 'EKEYREVOKED'
    echo 'EKEYREJECTED'
    echo 'EOWNERDEAD'
    echo 'ENOTRECOVERABLE'
    echo 'ERFKILL'
    echo 'EHWPOISON'
    echo 'EAI_BADFLAGS'
    echo 'EAI_NONAME'
    echo 'EAI_AGAIN'
    echo 'EAI_FAIL'
    echo 'EAI_NODATA'
    echo 'EAI_FAMILY'
    echo 'EAI_SOCKTYPE'
    echo 'EAI_SERVICE'
    echo 'EAI_ADDRFAMILY'
    echo 'EAI_MEMORY'
    echo 'EAI_SYSTEM'
    echo 'EAI_OVERFLOW'
    echo 'EAI_INPROGRESS'
    echo 'EAI_CANCELED'
    echo 'EAI_NOTCANCELED'
    echo 'EAI_ALLDONE'
    echo 'EAI_INTR'
    echo 'EAI_IDN_ENCODE'
    echo 'eperm'
    echo 'enoent'
    echo 'esrch'
    echo 'eintr'
    echo 'eio'
    echo 'enxio'
    echo 'e2big'
    echo 'enoexec'
    echo 'ebadf'
    echo 'echild'
    echo 'eagain'
    echo 'ewouldblock'
    echo 'enomem'
    echo 'eacces'
    echo 'efault'
    echo 'enotblk'
    echo 'ebusy'
    echo 'eexist'
    echo 'exdev'
    echo 'enodev'
    echo 'enotdir'
    echo 'eisdir'
    echo 'einval'
    echo 'enfile'
    echo 'emfile'
    echo 'enotty'
    echo 'etxtbsy'
    echo 'efbig'
    echo 'enospc'
    echo 'espipe'
    echo 'erofs'
    echo 'emlink'
    echo 'epipe'
    echo 'edom'
    echo 'erange'
    echo 'edeadlk'
    echo 'edeadlock'
    echo 'enametoolong'
    echo 'enolck'
    echo 'enosys'
    echo 'enotempty'
    echo 'eloop'
    echo 'enomsg'
    echo 'eidrm'
    echo 'echrng'
    echo 'el2nsync'
    echo 'el3hlt'
    echo 'el3rst'
    echo 'elnrng'
    echo 'eunatch'
    echo 'enocsi'
    echo 'el2hlt'
    echo 'ebade'
    echo 'ebadr'
    echo 'exfull'
    echo 'enoano'
    echo 'ebadrqc'
    echo 'ebadslt'
    echo 'ebfont'
    echo 'enostr'
    echo 'enodata'
    echo 'etime'
    echo 'enosr'
    echo 'enonet'
    echo 'enopkg'
    echo 'eremote'
    echo 'enolink'
    echo 'eadv'
    echo 'esrmnt'
    echo 'ecomm'
    echo 'eproto'
    echo 'emultihop'
    echo 'edotdot'
    echo 'ebadmsg'
    echo 'eoverflow'
    echo 'enotuniq'
    echo 'ebadfd'
    echo 'eremchg'
    echo 'elibacc'
    echo 'elibbad'
    echo 'elibscn'
    echo 'elibmax'
    echo 'elibexec'
    echo 'eilseq'
    echo 'erestart'
    echo 'estrpipe'
    echo 'eusers'
    echo 'enotsock'
    echo 'edestaddrreq'
    echo 'emsgsize'
    echo 'eprototype'
    echo 'enoprotoopt'
    echo 'eprotonosupport'
    echo 'esocktnosupport'
    echo 'eopnotsupp'
    echo 'enotsup'
    echo 'epfnosupport'
    echo 'eafnosupport'
    echo 'eaddrinuse'
    echo 'eaddrnotavail'
    echo 'enetdown'
    echo 'enetunreach'
    echo 'enetreset'
    echo 'econnaborted'
    echo 'econnreset'
    echo 'enobufs'
    echo 'eisconn'
    echo 'enotconn'
    echo 'eshutdown'
    echo 'etoomanyrefs'
    echo 'etimedout'
    echo 'econnrefused'
    echo 'ehostdown'
    echo 'ehostunreach'
    echo 'ealready'
    echo 'einprogress'
    echo 'estale'
    echo 'euclean'
    echo 'enotnam'
    echo 'enavail'
    echo 'eisnam'
    echo 'eremoteio'
    echo 'edquot'
    echo 'enomedium'
    echo 'emediumtype'
    echo 'ecanceled'
    echo 'enokey'
    echo 'ekeyexpired'
    echo 'ekeyrevoked'
    echo 'ekeyrejected'
    echo 'eownerdead'
    echo 'enotrecoverable'
    echo 'erfkill'
    echo 'ehwpoison'
    echo 'eai_badflags'
    echo 'eai_noname'
    echo 'eai_again'
    echo 'eai_fail'
    echo 'eai_nodata'
    echo 'eai_family'
    echo 'eai_socktype'
    echo 'eai_service'
    echo 'eai_addrfamily'
    echo 'eai_memory'
    echo 'eai_system'
    echo 'eai_overflow'
    echo 'eai_inprogress'
    echo 'eai_canceled'
    echo 'eai_notcanceled'
    echo 'eai_alldone'
    echo 'eai_intr'
    echo 'eai_idn_encode'
end

function __sockerr_list_1
    echo 'connect'
    echo 'send'
    echo 'recv'
    echo 'bind'
    echo 'setsockopt'
    echo 'getsockopt'
    echo 'accept'
    echo 'listen'
    echo 'socket'
    echo 'shutdown'
    echo 'getpeername'
    echo 'getsockname'
    echo 'close'
    echo 'socketpair'
    echo 'sendmsg'
    echo 'recvmsg'
    echo 'poll'
    echo 'select'
    echo 'epoll_wait'
    echo 'epoll_ctl'
    echo 'sendfile'
    echo 'splice'
    echo 'fcntl'
    echo 'ioctl'
    echo 'getaddrinfo'
end

function __sockerr_list_2
    echo 'en'
    echo 'zh'
end

function __sockerr_list_3
    echo 'auto'
    echo 'always'
    echo 'never'
end

function __sockerr_list_4
    echo 'linux'
    echo 'macos'
    echo 'freebsd'
    echo 'windows'
end

function __sockerr_list_5
    echo 'bash'
    echo 'elvish'
    echo 'fish'
    echo 'powershell'
    echo 'zsh'
end

function __sockerr_list_6
    echo 'man'
    echo 'completions'
end

function __sockerr_options -a node
    switch $node
        case 'sockerr'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help (see more with \'--help\')'
            echo '-h	Print help (see more with \'--help\')'
            echo '--version	Print version'
            echo '-V	Print version'
        case 'sockerr;explain'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;list'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;search'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;scan'
            echo '--only-errors	Print only the lines with findings, each followed by its notes'
            echo '--summary	After the output, print a table of counts per (call, errno) with the action'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;repro'
            echo '--list	List every (errno, call) pair that can be reproduced'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;diagnose'
            echo '--pid	The process that got the error (EMFILE: its limits and descriptors; EACCES: its capabilities)'
            echo '--name	Every process with this name (EMFILE)'
            echo '--udp	The port is UDP, not TCP (EADDRINUSE, ECONNREFUSED)'
            echo '--seconds	Watch counters that move for this long (ECONNRESET, EPIPE: default 2; ETIMEDOUT to a local port: 1)'
            echo '--probe	Try once: one connect() (ECONNREFUSED, ETIMEDOUT, Unix sockets) or one getaddrinfo() (EAI_*)'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;trace'
            echo '--pid	Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'
            echo '-p	Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'
            echo '--summary	Print only the table at the end'
            echo '--output	Write the findings to FILE instead of standard error'
            echo '-o	Write the findings to FILE instead of standard error'
            echo '--all	Report failures of every call, not only socket work (traces every call: slower)'
            echo '--diagnose	At the end, run `sockerr diagnose` for the worst finding (the most frequent that is not normal)'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;completions'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
        case 'sockerr;generate'
            echo '--syscall	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '-s	Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'
            echo '--lang	Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            echo '--color	When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'
            echo '--os	Read numbers as this system gives them, and show its numbers [default: this host\'s]'
            echo '--json	Print JSON for scripts (one object; NDJSON for scan and trace)'
            echo '--brief	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '-b	Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            echo '--help	Print help'
            echo '-h	Print help'
    end
end

# Prints the values of option $opt in $node; returns 2 when it takes a file, 3 a directory.
function __sockerr_option_values -a node opt
    switch "$node $opt"
        case 'sockerr --syscall' 'sockerr -s'
            __sockerr_list_1
        case 'sockerr --lang'
            __sockerr_list_2
        case 'sockerr --color'
            __sockerr_list_3
        case 'sockerr --os'
            __sockerr_list_4
        case 'sockerr;explain --syscall' 'sockerr;explain -s'
            __sockerr_list_1
        case 'sockerr;explain --lang'
            __sockerr_list_2
        case 'sockerr;explain --color'
            __sockerr_list_3
        case 'sockerr;explain --os'
            __sockerr_list_4
        case 'sockerr;list --syscall' 'sockerr;list -s'
            __sockerr_list_1
        case 'sockerr;list --lang'
            __sockerr_list_2
        case 'sockerr;list --color'
            __sockerr_list_3
        case 'sockerr;list --os'
            __sockerr_list_4
        case 'sockerr;search --syscall' 'sockerr;search -s'
            __sockerr_list_1
        case 'sockerr;search --lang'
            __sockerr_list_2
        case 'sockerr;search --color'
            __sockerr_list_3
        case 'sockerr;search --os'
            __sockerr_list_4
        case 'sockerr;scan --syscall' 'sockerr;scan -s'
            __sockerr_list_1
        case 'sockerr;scan --lang'
            __sockerr_list_2
        case 'sockerr;scan --color'
            __sockerr_list_3
        case 'sockerr;scan --os'
            __sockerr_list_4
        case 'sockerr;repro --syscall' 'sockerr;repro -s'
            __sockerr_list_1
        case 'sockerr;repro --lang'
            __sockerr_list_2
        case 'sockerr;repro --color'
            __sockerr_list_3
        case 'sockerr;repro --os'
            __sockerr_list_4
        case 'sockerr;diagnose --pid'
            return 0
        case 'sockerr;diagnose --name'
            return 0
        case 'sockerr;diagnose --seconds'
            return 0
        case 'sockerr;diagnose --syscall' 'sockerr;diagnose -s'
            __sockerr_list_1
        case 'sockerr;diagnose --lang'
            __sockerr_list_2
        case 'sockerr;diagnose --color'
            __sockerr_list_3
        case 'sockerr;diagnose --os'
            __sockerr_list_4
        case 'sockerr;trace --pid' 'sockerr;trace -p'
            return 0
        case 'sockerr;trace --output' 'sockerr;trace -o'
            return 2
        case 'sockerr;trace --syscall' 'sockerr;trace -s'
            __sockerr_list_1
        case 'sockerr;trace --lang'
            __sockerr_list_2
        case 'sockerr;trace --color'
            __sockerr_list_3
        case 'sockerr;trace --os'
            __sockerr_list_4
        case 'sockerr;completions --syscall' 'sockerr;completions -s'
            __sockerr_list_1
        case 'sockerr;completions --lang'
            __sockerr_list_2
        case 'sockerr;completions --color'
            __sockerr_list_3
        case 'sockerr;completions --os'
            __sockerr_list_4
        case 'sockerr;generate --syscall' 'sockerr;generate -s'
            __sockerr_list_1
        case 'sockerr;generate --lang'
            __sockerr_list_2
        case 'sockerr;generate --color'
            __sockerr_list_3
        case 'sockerr;generate --os'
            __sockerr_list_4
    end
end

function __sockerr_subcommands -a node
    switch $node
        case 'sockerr'
            echo 'explain	Explain an errno (the default when a query is given without a subcommand)'
            echo 'list	List errnos: all of them, or with --syscall those the call documents'
            echo 'search	Find every errno whose name, message or explanation has all the words (English or Chinese)'
            echo 'scan	Find socket errors in logs or strace output and explain each in place'
            echo 'repro	Reproduce an error on this machine\'s kernel, over loopback only, and show the real calls'
            echo 'diagnose	Look at this host and say why an errno happens here: ports, limits, routes, resolver (Linux)'
            echo 'trace	Run a program (or attach to one) under strace and explain its socket errors as they happen'
            echo 'completions	Print a shell completion script'
            echo 'help	Print this message or the help of the given subcommand(s)'
        case 'sockerr;help'
            echo 'explain	Explain an errno (the default when a query is given without a subcommand)'
            echo 'list	List errnos: all of them, or with --syscall those the call documents'
            echo 'search	Find every errno whose name, message or explanation has all the words (English or Chinese)'
            echo 'scan	Find socket errors in logs or strace output and explain each in place'
            echo 'repro	Reproduce an error on this machine\'s kernel, over loopback only, and show the real calls'
            echo 'diagnose	Look at this host and say why an errno happens here: ports, limits, routes, resolver (Linux)'
            echo 'trace	Run a program (or attach to one) under strace and explain its socket errors as they happen'
            echo 'completions	Print a shell completion script'
            echo 'help	Print this message or the help of the given subcommand(s)'
    end
end

function __sockerr_children -a node
    switch $node
        case 'sockerr'
            echo 'explain'
            echo 'list'
            echo 'search'
            echo 'scan'
            echo 'repro'
            echo 'diagnose'
            echo 'trace'
            echo 'completions'
            echo 'generate'
            echo 'help'
        case 'sockerr;help'
            echo 'explain'
            echo 'list'
            echo 'search'
            echo 'scan'
            echo 'repro'
            echo 'diagnose'
            echo 'trace'
            echo 'completions'
            echo 'generate'
            echo 'help'
    end
end

# Prints the values of positional number $n (from 0) of $node; returns 2
# when it takes files, 3 directories.
function __sockerr_positional -a node n
    switch "$node $n"
        case 'sockerr *'
            __sockerr_list_0
        case 'sockerr;explain *'
            __sockerr_list_0
        case 'sockerr;search *'
            return 0
        case 'sockerr;scan *'
            return 2
        case 'sockerr;repro 0'
            __sockerr_list_0
        case 'sockerr;diagnose 0'
            __sockerr_list_0
        case 'sockerr;diagnose 1'
            return 0
        case 'sockerr;trace *'
            return 0
        case 'sockerr;completions 0'
            __sockerr_list_5
        case 'sockerr;generate 0'
            __sockerr_list_6
        case 'sockerr;generate 1'
            return 3
    end
end

# Status 2 from a table means files, 3 directories.
function __sockerr_paths -a kind cur
    switch $kind
        case 2
            __fish_complete_path $cur
        case 3
            __fish_complete_directories $cur
    end
end

function __sockerr_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l node sockerr
    set -l npos 0
    set -l pending ''
    set -e words[1]
    for w in $words
        if test -n "$pending"
            set pending ''
            continue
        end
        switch $w
            case '--*=*'
            case '-*'
                if contains -- $w '--color' '--lang' '--name' '--os' '--output' '--pid' '--seconds' '--syscall' '-o' '-p' '-s'
                    set pending $w
                end
            case '*'
                if test $npos = 0; and contains -- $w (__sockerr_children $node)
                    set node "$node;$w"
                else
                    set npos (math $npos + 1)
                end
        end
    end
    if test -n "$pending"
        __sockerr_option_values $node $pending
        __sockerr_paths $status $cur
        return 0
    end
    switch $cur
        case '--*=*'
            set -l opt (string split -m 1 = -- $cur)[1]
            for v in (__sockerr_option_values $node $opt)
                echo "$opt=$v"
            end
        case '-*'
            __sockerr_options $node
        case '*'
            test $npos = 0; and __sockerr_subcommands $node
            __sockerr_positional $node $npos
            __sockerr_paths $status $cur
    end
    return 0
end

complete -c sockerr -e
complete -c sockerr -f -a '(__sockerr_complete)'
