# elvish completion for sockerr, generated from its command-line definition
# (`sockerr completions elvish`). Install: eval it from rc.elv, e.g.
#   eval (slurp < ~/.config/elvish/lib/sockerr.elv)

use path
use str

var sockerr-lists = [
  [['EPERM' ''] ['ENOENT' ''] ['ESRCH' ''] ['EINTR' ''] ['EIO' ''] ['ENXIO' ''] ['E2BIG' ''] ['ENOEXEC' ''] ['EBADF' ''] ['ECHILD' ''] ['EAGAIN' ''] ['EWOULDBLOCK' ''] ['ENOMEM' ''] ['EACCES' ''] ['EFAULT' ''] ['ENOTBLK' ''] ['EBUSY' ''] ['EEXIST' ''] ['EXDEV' ''] ['ENODEV' ''] ['ENOTDIR' ''] ['EISDIR' ''] ['EINVAL' ''] ['ENFILE' ''] ['EMFILE' ''] ['ENOTTY' ''] ['ETXTBSY' ''] ['EFBIG' ''] ['ENOSPC' ''] ['ESPIPE' ''] ['EROFS' ''] ['EMLINK' ''] ['EPIPE' ''] ['EDOM' ''] ['ERANGE' ''] ['EDEADLK' ''] ['EDEADLOCK' ''] ['ENAMETOOLONG' ''] ['ENOLCK' ''] ['ENOSYS' ''] ['ENOTEMPTY' ''] ['ELOOP' ''] ['ENOMSG' ''] ['EIDRM' ''] ['ECHRNG' ''] ['EL2NSYNC' ''] ['EL3HLT' ''] ['EL3RST' ''] ['ELNRNG' ''] ['EUNATCH' ''] ['ENOCSI' ''] ['EL2HLT' ''] ['EBADE' ''] ['EBADR' ''] ['EXFULL' ''] ['ENOANO' ''] ['EBADRQC' ''] ['EBADSLT' ''] ['EBFONT' ''] ['ENOSTR' ''] ['ENODATA' ''] ['ETIME' ''] ['ENOSR' ''] ['ENONET' ''] ['ENOPKG' ''] ['EREMOTE' ''] ['ENOLINK' ''] ['EADV' ''] ['ESRMNT' ''] ['ECOMM' ''] ['EPROTO' ''] ['EMULTIHOP' ''] ['EDOTDOT' ''] ['EBADMSG' ''] ['EOVERFLOW' ''] ['ENOTUNIQ' ''] ['EBADFD' ''] ['EREMCHG' ''] ['ELIBACC' ''] ['ELIBBAD' ''] ['ELIBSCN' ''] ['ELIBMAX' ''] ['ELIBEXEC' ''] ['EILSEQ' ''] ['ERESTART' ''] ['ESTRPIPE' ''] ['EUSERS' ''] ['ENOTSOCK' ''] ['EDESTADDRREQ' ''] ['EMSGSIZE' ''] ['EPROTOTYPE' ''] ['ENOPROTOOPT' ''] ['EPROTONOSUPPORT' ''] ['ESOCKTNOSUPPORT' ''] ['EOPNOTSUPP' ''] ['ENOTSUP' ''] ['EPFNOSUPPORT' ''] ['EAFNOSUPPORT' ''] ['EADDRINUSE' ''] ['EADDRNOTAVAIL' ''] ['ENETDOWN' ''] ['ENETUNREACH' ''] ['ENETRESET' ''] ['ECONNABORTED' ''] ['ECONNRESET' ''] ['ENOBUFS' ''] ['EISCONN' ''] ['ENOTCONN' ''] ['ESHUTDOWN' ''] ['ETOOMANYREFS' ''] ['ETIMEDOUT' ''] ['ECONNREFUSED' ''] ['EHOSTDOWN' ''] ['EHOSTUNREACH' ''] ['EALREADY' ''] ['EINPROGRESS' ''] ['ESTALE' ''] ['EUCLEAN' ''] ['ENOTNAM' ''] ['ENAVAIL' ''] ['EISNAM' ''] ['EREMOTEIO' ''] ['EDQUOT' ''] ['ENOMEDIUM' ''] ['EMEDIUMTYPE' ''] ['ECANCELED' ''] ['ENOKEY' ''] ['EKEYEXPIRED' ''] ['EKEYREVOKED' ''] ['EKEYREJECTED' ''] ['EOWNERDEAD' ''] ['ENOTRECOVERABLE' ''] ['ERFKILL' ''] ['EHWPOISON' ''] ['EAI_BADFLAGS' ''] ['EAI_NONAME' ''] ['EAI_AGAIN' ''] ['EAI_FAIL' ''] ['EAI_NODATA' ''] ['EAI_FAMILY' ''] ['EAI_SOCKTYPE' ''] ['EAI_SERVICE' ''] ['EAI_ADDRFAMILY' ''] ['EAI_MEMORY' ''] ['EAI_SYSTEM' ''] ['EAI_OVERFLOW' ''] ['EAI_INPROGRESS' ''] ['EAI_CANCELED' ''] ['EAI_NOTCANCELED' ''] ['EAI_ALLDONE' ''] ['EAI_INTR' ''] ['EAI_IDN_ENCODE' ''] ['eperm' ''] ['enoent' ''] ['esrch' ''] ['eintr' ''] ['eio' ''] ['enxio' ''] ['e2big' ''] ['enoexec' ''] ['ebadf' ''] ['echild' ''] ['eagain' ''] ['ewouldblock' ''] ['enomem' ''] ['eacces' ''] ['efault' ''] ['enotblk' ''] ['ebusy' ''] ['eexist' ''] ['exdev' ''] ['enodev' ''] ['enotdir' ''] ['eisdir' ''] ['einval' ''] ['enfile' ''] ['emfile' ''] ['enotty' ''] ['etxtbsy' ''] ['efbig' ''] ['enospc' ''] ['espipe' ''] ['erofs' ''] ['emlink' ''] ['epipe' ''] ['edom' ''] ['erange' ''] ['edeadlk' ''] ['edeadlock' ''] ['enametoolong' ''] ['enolck' ''] ['enosys' ''] ['enotempty' ''] ['eloop' ''] ['enomsg' ''] ['eidrm' ''] ['echrng' ''] ['el2nsync' ''] ['el3hlt' ''] ['el3rst' ''] ['elnrng' ''] ['eunatch' ''] ['enocsi' ''] ['el2hlt' ''] ['ebade' ''] ['ebadr' ''] ['exfull' ''] ['enoano' ''] ['ebadrqc' ''] ['ebadslt' ''] ['ebfont' ''] ['enostr' ''] ['enodata' ''] ['etime' ''] ['enosr' ''] ['enonet' ''] ['enopkg' ''] ['eremote' ''] ['enolink' ''] ['eadv' ''] ['esrmnt' ''] ['ecomm' ''] ['eproto' ''] ['emultihop' ''] ['edotdot' ''] ['ebadmsg' ''] ['eoverflow' ''] ['enotuniq' ''] ['ebadfd' ''] ['eremchg' ''] ['elibacc' ''] ['elibbad' ''] ['elibscn' ''] ['elibmax' ''] ['elibexec' ''] ['eilseq' ''] ['erestart' ''] ['estrpipe' ''] ['eusers' ''] ['enotsock' ''] ['edestaddrreq' ''] ['emsgsize' ''] ['eprototype' ''] ['enoprotoopt' ''] ['eprotonosupport' ''] ['esocktnosupport' ''] ['eopnotsupp' ''] ['enotsup' ''] ['epfnosupport' ''] ['eafnosupport' ''] ['eaddrinuse' ''] ['eaddrnotavail' ''] ['enetdown' ''] ['enetunreach' ''] ['enetreset' ''] ['econnaborted' ''] ['econnreset' ''] ['enobufs' ''] ['eisconn' ''] ['enotconn' ''] ['eshutdown' ''] ['etoomanyrefs' ''] ['etimedout' ''] ['econnrefused' ''] ['ehostdown' ''] ['ehostunreach' ''] ['ealready' ''] ['einprogress' ''] ['estale' ''] ['euclean' ''] ['enotnam' ''] ['enavail' ''] ['eisnam' ''] ['eremoteio' ''] ['edquot' ''] ['enomedium' ''] ['emediumtype' ''] ['ecanceled' ''] ['enokey' ''] ['ekeyexpired' ''] ['ekeyrevoked' ''] ['ekeyrejected' ''] ['eownerdead' ''] ['enotrecoverable' ''] ['erfkill' ''] ['ehwpoison' ''] ['eai_badflags' ''] ['eai_noname' ''] ['eai_again' ''] ['eai_fail' ''] ['eai_nodata' ''] ['eai_family' ''] ['eai_socktype' ''] ['eai_service' ''] ['eai_addrfamily' ''] ['eai_memory' ''] ['eai_system' ''] ['eai_overflow' ''] ['eai_inprogress' ''] ['eai_canceled' ''] ['eai_notcanceled' ''] ['eai_alldone' ''] ['eai_intr' ''] ['eai_idn_encode' '']]
  [['connect' ''] ['send' ''] ['recv' ''] ['bind' ''] ['setsockopt' ''] ['getsockopt' ''] ['accept' ''] ['listen' ''] ['socket' ''] ['shutdown' ''] ['getpeername' ''] ['getsockname' ''] ['close' ''] ['socketpair' ''] ['sendmsg' ''] ['recvmsg' ''] ['poll' ''] ['select' ''] ['epoll_wait' ''] ['epoll_ctl' ''] ['sendfile' ''] ['splice' ''] ['fcntl' ''] ['ioctl' ''] ['getaddrinfo' '']]
  [['en' ''] ['zh' '']]
  [['auto' ''] ['always' ''] ['never' '']]
  [['linux' ''] ['macos' ''] ['freebsd' ''] ['windows' '']]
  [['bash' ''] ['elvish' ''] ['fish' ''] ['powershell' ''] ['zsh' '']]
  [['man' ''] ['completions' '']]
]

var sockerr-options = [
  &'sockerr'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help (see more with ''--help'')'] ['-h' 'Print help (see more with ''--help'')'] ['--version' 'Print version'] ['-V' 'Print version']]
  &'sockerr;explain'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;list'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;search'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;scan'=[['--only-errors' 'Print only the lines with findings, each followed by its notes'] ['--summary' 'After the output, print a table of counts per (call, errno) with the action'] ['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;repro'=[['--list' 'List every (errno, call) pair that can be reproduced'] ['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;diagnose'=[['--pid' 'The process that got the error (EMFILE: its limits and descriptors; EACCES: its capabilities)'] ['--name' 'Every process with this name (EMFILE)'] ['--udp' 'The port is UDP, not TCP (EADDRINUSE, ECONNREFUSED)'] ['--seconds' 'Watch counters that move for this long (ECONNRESET, EPIPE: default 2; ETIMEDOUT to a local port: 1)'] ['--probe' 'Try once: one connect() (ECONNREFUSED, ETIMEDOUT, Unix sockets) or one getaddrinfo() (EAI_*)'] ['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;trace'=[['--pid' 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'] ['-p' 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'] ['--summary' 'Print only the table at the end'] ['--output' 'Write the findings to FILE instead of standard error'] ['-o' 'Write the findings to FILE instead of standard error'] ['--all' 'Report failures of every call, not only socket work (traces every call: slower)'] ['--diagnose' 'At the end, run `sockerr diagnose` for the worst finding (the most frequent that is not normal)'] ['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;completions'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;generate'=[['--syscall' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['-s' 'Explain the error for this call (trace names such as sendto, accept4, pselect6 work too; with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list, search, scan and repro, keep only what concerns this call'] ['--lang' 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'] ['--color' 'When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0; CLICOLOR_FORCE colours output that is not a terminal'] ['--os' 'Read numbers as this system gives them, and show its numbers [default: this host''s]'] ['--json' 'Print JSON for scripts (one object; NDJSON for scan and trace)'] ['--brief' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['-b' 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'] ['--help' 'Print help'] ['-h' 'Print help']]
  &'sockerr;help'=[]
  &'sockerr;help;explain'=[]
  &'sockerr;help;list'=[]
  &'sockerr;help;search'=[]
  &'sockerr;help;scan'=[]
  &'sockerr;help;repro'=[]
  &'sockerr;help;diagnose'=[]
  &'sockerr;help;trace'=[]
  &'sockerr;help;completions'=[]
  &'sockerr;help;generate'=[]
  &'sockerr;help;help'=[]
]

# 'NODE OPTION' to the index of its value list, 'files', 'dirs' or 'none'.
var sockerr-option-values = [
  &'sockerr --syscall'='1'
  &'sockerr -s'='1'
  &'sockerr --lang'='2'
  &'sockerr --color'='3'
  &'sockerr --os'='4'
  &'sockerr;explain --syscall'='1'
  &'sockerr;explain -s'='1'
  &'sockerr;explain --lang'='2'
  &'sockerr;explain --color'='3'
  &'sockerr;explain --os'='4'
  &'sockerr;list --syscall'='1'
  &'sockerr;list -s'='1'
  &'sockerr;list --lang'='2'
  &'sockerr;list --color'='3'
  &'sockerr;list --os'='4'
  &'sockerr;search --syscall'='1'
  &'sockerr;search -s'='1'
  &'sockerr;search --lang'='2'
  &'sockerr;search --color'='3'
  &'sockerr;search --os'='4'
  &'sockerr;scan --syscall'='1'
  &'sockerr;scan -s'='1'
  &'sockerr;scan --lang'='2'
  &'sockerr;scan --color'='3'
  &'sockerr;scan --os'='4'
  &'sockerr;repro --syscall'='1'
  &'sockerr;repro -s'='1'
  &'sockerr;repro --lang'='2'
  &'sockerr;repro --color'='3'
  &'sockerr;repro --os'='4'
  &'sockerr;diagnose --pid'='none'
  &'sockerr;diagnose --name'='none'
  &'sockerr;diagnose --seconds'='none'
  &'sockerr;diagnose --syscall'='1'
  &'sockerr;diagnose -s'='1'
  &'sockerr;diagnose --lang'='2'
  &'sockerr;diagnose --color'='3'
  &'sockerr;diagnose --os'='4'
  &'sockerr;trace --pid'='none'
  &'sockerr;trace -p'='none'
  &'sockerr;trace --output'='files'
  &'sockerr;trace -o'='files'
  &'sockerr;trace --syscall'='1'
  &'sockerr;trace -s'='1'
  &'sockerr;trace --lang'='2'
  &'sockerr;trace --color'='3'
  &'sockerr;trace --os'='4'
  &'sockerr;completions --syscall'='1'
  &'sockerr;completions -s'='1'
  &'sockerr;completions --lang'='2'
  &'sockerr;completions --color'='3'
  &'sockerr;completions --os'='4'
  &'sockerr;generate --syscall'='1'
  &'sockerr;generate -s'='1'
  &'sockerr;generate --lang'='2'
  &'sockerr;generate --color'='3'
  &'sockerr;generate --os'='4'
]

var sockerr-subcommands = [
  &'sockerr'=[['explain' 'Explain an errno (the default when a query is given without a subcommand)'] ['list' 'List errnos: all of them, or with --syscall those the call documents'] ['search' 'Find every errno whose name, message or explanation has all the words (English or Chinese)'] ['scan' 'Find socket errors in logs or strace output and explain each in place'] ['repro' 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls'] ['diagnose' 'Look at this host and say why an errno happens here: ports, limits, routes, resolver (Linux)'] ['trace' 'Run a program (or attach to one) under strace and explain its socket errors as they happen'] ['completions' 'Print a shell completion script'] ['help' 'Print this message or the help of the given subcommand(s)']]
  &'sockerr;explain'=[]
  &'sockerr;list'=[]
  &'sockerr;search'=[]
  &'sockerr;scan'=[]
  &'sockerr;repro'=[]
  &'sockerr;diagnose'=[]
  &'sockerr;trace'=[]
  &'sockerr;completions'=[]
  &'sockerr;generate'=[]
  &'sockerr;help'=[['explain' 'Explain an errno (the default when a query is given without a subcommand)'] ['list' 'List errnos: all of them, or with --syscall those the call documents'] ['search' 'Find every errno whose name, message or explanation has all the words (English or Chinese)'] ['scan' 'Find socket errors in logs or strace output and explain each in place'] ['repro' 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls'] ['diagnose' 'Look at this host and say why an errno happens here: ports, limits, routes, resolver (Linux)'] ['trace' 'Run a program (or attach to one) under strace and explain its socket errors as they happen'] ['completions' 'Print a shell completion script'] ['help' 'Print this message or the help of the given subcommand(s)']]
  &'sockerr;help;explain'=[]
  &'sockerr;help;list'=[]
  &'sockerr;help;search'=[]
  &'sockerr;help;scan'=[]
  &'sockerr;help;repro'=[]
  &'sockerr;help;diagnose'=[]
  &'sockerr;help;trace'=[]
  &'sockerr;help;completions'=[]
  &'sockerr;help;generate'=[]
  &'sockerr;help;help'=[]
]

var sockerr-children = [
  &'sockerr'=['explain' 'list' 'search' 'scan' 'repro' 'diagnose' 'trace' 'completions' 'generate' 'help']
  &'sockerr;explain'=[]
  &'sockerr;list'=[]
  &'sockerr;search'=[]
  &'sockerr;scan'=[]
  &'sockerr;repro'=[]
  &'sockerr;diagnose'=[]
  &'sockerr;trace'=[]
  &'sockerr;completions'=[]
  &'sockerr;generate'=[]
  &'sockerr;help'=['explain' 'list' 'search' 'scan' 'repro' 'diagnose' 'trace' 'completions' 'generate' 'help']
  &'sockerr;help;explain'=[]
  &'sockerr;help;list'=[]
  &'sockerr;help;search'=[]
  &'sockerr;help;scan'=[]
  &'sockerr;help;repro'=[]
  &'sockerr;help;diagnose'=[]
  &'sockerr;help;trace'=[]
  &'sockerr;help;completions'=[]
  &'sockerr;help;generate'=[]
  &'sockerr;help;help'=[]
]

# NODE to what each positional takes (a list index, files, dirs or none) and
# whether the last one takes every later word.
var sockerr-positional = [
  &'sockerr'=[['0'] $true]
  &'sockerr;explain'=[['0'] $true]
  &'sockerr;list'=[[] $false]
  &'sockerr;search'=[['none'] $true]
  &'sockerr;scan'=[['files'] $true]
  &'sockerr;repro'=[['0'] $false]
  &'sockerr;diagnose'=[['0' 'none'] $false]
  &'sockerr;trace'=[['none'] $true]
  &'sockerr;completions'=[['5'] $false]
  &'sockerr;generate'=[['6' 'dirs'] $false]
  &'sockerr;help'=[[] $false]
  &'sockerr;help;explain'=[[] $false]
  &'sockerr;help;list'=[[] $false]
  &'sockerr;help;search'=[[] $false]
  &'sockerr;help;scan'=[[] $false]
  &'sockerr;help;repro'=[[] $false]
  &'sockerr;help;diagnose'=[[] $false]
  &'sockerr;help;trace'=[[] $false]
  &'sockerr;help;completions'=[[] $false]
  &'sockerr;help;generate'=[[] $false]
  &'sockerr;help;help'=[[] $false]
]

set edit:completion:arg-completer[sockerr] = {|@words|
    fn cands {|list|
        for c $list {
            if (eq $c[1] '') {
                edit:complex-candidate $c[0]
            } else {
                edit:complex-candidate $c[0] &display=$c[0]'  '$c[1]
            }
        }
    }
    fn values {|target cur|
        if (eq $target files) {
            edit:complete-filename $cur
        } elif (eq $target dirs) {
            edit:complete-filename $cur | each {|c| if (path:is-dir $c[stem]) { put $c } }
        } elif (not (eq $target none)) {
            cands $sockerr-lists[(num $target)]
        }
    }
    var value-options = ['--color' '--lang' '--name' '--os' '--output' '--pid' '--seconds' '--syscall' '-o' '-p' '-s']
    var node = sockerr
    var npos = (num 0)
    var pending = ''
    var cur = $words[-1]
    for w $words[1..-1] {
        if (not (eq $pending '')) {
            set pending = ''
        } elif (str:has-prefix $w '-') {
            if (has-value $value-options $w) {
                set pending = $w
            }
        } elif (and (== $npos 0) (has-value $sockerr-children[$node] $w)) {
            set node = $node';'$w
        } else {
            set npos = (+ $npos 1)
        }
    }
    if (not (eq $pending '')) {
        var key = $node' '$pending
        if (has-key $sockerr-option-values $key) {
            values $sockerr-option-values[$key] $cur
        }
    } elif (and (str:has-prefix $cur '--') (str:contains $cur '=')) {
        var opt = (str:split &max=2 '=' $cur | take 1)
        var key = $node' '$opt
        if (has-key $sockerr-option-values $key) {
            var target = $sockerr-option-values[$key]
            if (not (has-value [files dirs none] $target)) {
                for c $sockerr-lists[(num $target)] {
                    edit:complex-candidate $opt'='$c[0]
                }
            }
        }
    } elif (str:has-prefix $cur '-') {
        cands $sockerr-options[$node]
    } else {
        if (== $npos 0) {
            cands $sockerr-subcommands[$node]
        }
        var targets repeats = (all $sockerr-positional[$node])
        if (< $npos (count $targets)) {
            values $targets[$npos] $cur
        } elif (and $repeats (> (count $targets) 0)) {
            values $targets[-1] $cur
        }
    }
}
