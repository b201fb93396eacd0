# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sockerr_global_optspecs
    string join \n s/syscall= lang= color= os= json b/brief h/help V/version
end

function __fish_sockerr_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sockerr_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sockerr_using_subcommand
    set -l cmd (__fish_sockerr_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sockerr -n "__fish_sockerr_needs_command" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_needs_command" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_needs_command" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_needs_command" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_needs_command" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_needs_command" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sockerr -n "__fish_sockerr_needs_command" -s V -l version -d 'Print version'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "explain" -d 'Explain an errno (the default when a query is given without a subcommand)'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "list" -d 'List errnos: all of them, or with --syscall those the call documents'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "search" -d 'Find every errno whose name, message or explanation has all the words (English or Chinese)'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "scan" -d 'Find socket errors in logs or strace output and explain each in place'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "repro" -d 'Reproduce an error on this machine\'s kernel, over loopback only, and show the real calls'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "trace" -d 'Run a program (or attach to one) under strace and explain its socket errors as they happen'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "completions" -d 'Print a shell completion script'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "generate" -d 'Write generated files (man pages, completions) for packaging'
complete -c sockerr -n "__fish_sockerr_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand explain" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand list" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand search" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l only-errors -d 'Print only the lines with findings, each followed by its notes'
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l summary -d 'After the output, print a table of counts per (call, errno) with the action'
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand scan" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -l list -d 'List every (errno, call) pair that can be reproduced'
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand repro" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -s p -l pid -d 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running' -r
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -s o -l output -d 'Write the findings to FILE instead of standard error' -r -F
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l summary -d 'Print only the table at the end'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l all -d 'Report failures of every call, not only socket work (traces every call: slower)'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l diagnose -d 'At the end, hand the worst finding to `sockerr diagnose` (not in this build yet: it says so)'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand trace" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -s s -l syscall -d 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)' -r -f -a "connect\t''
send\t''
recv\t''
bind\t''
setsockopt\t''
getsockopt\t''
accept\t''
listen\t''
socket\t''
shutdown\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -l lang -d 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]' -r -f -a "en\t''
zh\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -l color -d 'When to use colour: auto means only on a terminal and only without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -l os -d 'Read numbers as this system gives them, and show its numbers [default: this host\'s]' -r -f -a "linux\t''
macos\t''
freebsd\t''
windows\t''"
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -l json -d 'Print JSON for scripts (one object; NDJSON for scan and trace)'
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -s b -l brief -d 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
complete -c sockerr -n "__fish_sockerr_using_subcommand generate" -s h -l help -d 'Print help'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "explain" -d 'Explain an errno (the default when a query is given without a subcommand)'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "list" -d 'List errnos: all of them, or with --syscall those the call documents'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "search" -d 'Find every errno whose name, message or explanation has all the words (English or Chinese)'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "scan" -d 'Find socket errors in logs or strace output and explain each in place'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "repro" -d 'Reproduce an error on this machine\'s kernel, over loopback only, and show the real calls'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "trace" -d 'Run a program (or attach to one) under strace and explain its socket errors as they happen'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "completions" -d 'Print a shell completion script'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "generate" -d 'Write generated files (man pages, completions) for packaging'
complete -c sockerr -n "__fish_sockerr_using_subcommand help; and not __fish_seen_subcommand_from explain list search scan repro trace completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
