
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sockerr' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sockerr'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sockerr' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain an errno (the default when a query is given without a subcommand)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List errnos: all of them, or with --syscall those the call documents')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find every errno whose name, message or explanation has all the words (English or Chinese)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find socket errors in logs or strace output and explain each in place')
            [CompletionResult]::new('repro', 'repro', [CompletionResultType]::ParameterValue, 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Run a program (or attach to one) under strace and explain its socket errors as they happen')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write generated files (man pages, completions) for packaging')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sockerr;explain' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;list' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;search' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;scan' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--only-errors', '--only-errors', [CompletionResultType]::ParameterName, 'Print only the lines with findings, each followed by its notes')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'After the output, print a table of counts per (call, errno) with the action')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;repro' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List every (errno, call) pair that can be reproduced')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;trace' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running')
            [CompletionResult]::new('--pid', '--pid', [CompletionResultType]::ParameterName, 'Attach to this running process and all its threads (repeatable); Ctrl-C detaches and leaves it running')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the findings to FILE instead of standard error')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the findings to FILE instead of standard error')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the table at the end')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Report failures of every call, not only socket work (traces every call: slower)')
            [CompletionResult]::new('--diagnose', '--diagnose', [CompletionResultType]::ParameterName, 'At the end, hand the worst finding to `sockerr diagnose` (not in this build yet: it says so)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;completions' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;generate' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--syscall', '--syscall', [CompletionResultType]::ParameterName, 'Explain the error for this call (trace names such as sendto, recvmsg, accept4 work too)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto means only on a terminal and only without NO_COLOR')
            [CompletionResult]::new('--os', '--os', [CompletionResultType]::ParameterName, 'Read numbers as this system gives them, and show its numbers [default: this host''s]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts (one object; NDJSON for scan and trace)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('--brief', '--brief', [CompletionResultType]::ParameterName, 'Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sockerr;help' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain an errno (the default when a query is given without a subcommand)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List errnos: all of them, or with --syscall those the call documents')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find every errno whose name, message or explanation has all the words (English or Chinese)')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find socket errors in logs or strace output and explain each in place')
            [CompletionResult]::new('repro', 'repro', [CompletionResultType]::ParameterValue, 'Reproduce an error on this machine''s kernel, over loopback only, and show the real calls')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'Run a program (or attach to one) under strace and explain its socket errors as they happen')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write generated files (man pages, completions) for packaging')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sockerr;help;explain' {
            break
        }
        'sockerr;help;list' {
            break
        }
        'sockerr;help;search' {
            break
        }
        'sockerr;help;scan' {
            break
        }
        'sockerr;help;repro' {
            break
        }
        'sockerr;help;trace' {
            break
        }
        'sockerr;help;completions' {
            break
        }
        'sockerr;help;generate' {
            break
        }
        'sockerr;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
