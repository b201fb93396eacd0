
use builtin;
use str;

set edit:completion:arg-completer[sockerr] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sockerr'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sockerr'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand explain 'Explain an errno (the default when a query is given without a subcommand)'
            cand list 'List errnos: all of them, or with --syscall those the call documents'
            cand search 'Find every errno whose name, message or explanation has all the words (English or Chinese)'
            cand scan 'Find socket errors in logs or strace output and explain each in place'
            cand repro 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls'
            cand trace 'Run a program (or attach to one) under strace and explain its socket errors as they happen'
            cand completions 'Print a shell completion script'
            cand generate 'Write generated files (man pages, completions) for packaging'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sockerr;explain'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;list'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;search'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;scan'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --only-errors 'Print only the lines with findings, each followed by its notes'
            cand --summary 'After the output, print a table of counts per (call, errno) with the action'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;repro'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --list 'List every (errno, call) pair that can be reproduced'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;trace'= {
            cand -p 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'
            cand --pid 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running'
            cand -o 'Write the findings to FILE instead of standard error'
            cand --output 'Write the findings to FILE instead of standard error'
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --summary 'Print only the table at the end'
            cand --all 'Report failures of every call, not only socket work (traces every call: slower)'
            cand --diagnose 'At the end, hand the worst finding to `sockerr diagnose` (not in this build yet: it says so)'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;completions'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;generate'= {
            cand -s 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --syscall 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)'
            cand --lang 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]'
            cand --color 'When to use colour: auto means only on a terminal and only without NO_COLOR'
            cand --os 'Read numbers as this system gives them, and show its numbers [default: this host''s]'
            cand --json 'Print JSON for scripts (one object; NDJSON for scan and trace)'
            cand -b 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand --brief 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sockerr;help'= {
            cand explain 'Explain an errno (the default when a query is given without a subcommand)'
            cand list 'List errnos: all of them, or with --syscall those the call documents'
            cand search 'Find every errno whose name, message or explanation has all the words (English or Chinese)'
            cand scan 'Find socket errors in logs or strace output and explain each in place'
            cand repro 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls'
            cand trace 'Run a program (or attach to one) under strace and explain its socket errors as they happen'
            cand completions 'Print a shell completion script'
            cand generate 'Write generated files (man pages, completions) for packaging'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sockerr;help;explain'= {
        }
        &'sockerr;help;list'= {
        }
        &'sockerr;help;search'= {
        }
        &'sockerr;help;scan'= {
        }
        &'sockerr;help;repro'= {
        }
        &'sockerr;help;trace'= {
        }
        &'sockerr;help;completions'= {
        }
        &'sockerr;help;generate'= {
        }
        &'sockerr;help;help'= {
        }
    ]
    $completions[$command]
}
