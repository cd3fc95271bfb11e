# exit refuses to leave with uncommitted changes; scripts discard them with a warning.
$ ctsh -c 'configure; set system conntrack table-size 1024; exit'
  Cannot exit: configuration modified.
  Use 'exit discard' to discard the changes and exit.
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack table-size 1024; exit discard; show configuration'

$ ctsh -c 'configure; exit now'

    Invalid argument "now" for 'exit'
  [1]

$ ctsh -c 'configure; edit system conntrack; exit; show system conntrack'
  Configuration under specified path is empty
  Warning: configuration changes have not been committed and were discarded.

$ ctsh -c 'configure; set system conntrack table-size 1024'
  Warning: configuration changes have not been committed and were discarded.

$ ctsh -c 'configure; set system conntrack table-size 1024; commit; exit; show configuration commands'
  Warning: configuration changes have not been saved.
  set system conntrack table-size '1024'

# a failing command stops the batch: later commands do not run
$ ctsh -c 'configure; set system conntrack table-size 0; set system conntrack table-size 5; commit'

    Number is not in any of allowed ranges
    Invalid value
    Value validation failed
    Set failed
  [1]

$ ctsh show configuration commands
  set system conntrack table-size '1024'

# usage errors exit 2
$ ctsh --dataplane kernel show configuration
  --dataplane: kernel not in {engine}
  Run with --help for more information.
  [2]

$ ctsh --bogus
  The following argument was not expected: --bogus
  Run with --help for more information.
  [2]

$ ctsh -c 'show configuration' -f /dev/null
  -c excludes -f
  Run with --help for more information.
  [2]

$ ctsh -f /nonexistent
  ctsh: cannot read script /nonexistent
  [2]

$ ctsh --version
  ctsh 0.1.0

# scripts from a file and from standard input
$ printf 'configure\nset system conntrack table-size 2048\ncommit\n' > script.txt

$ ctsh -f script.txt

$ echo 'show configuration commands' | ctsh
  set system conntrack table-size '2048'

