# A fault injected at any apply step (test-only CTSH_TEST_FAIL_STEP) undoes the steps before it:
# running configuration, archive, commit log and dataplane stay exactly as they were.
$ ctsh -c 'configure; set system conntrack table-size 1000; set system conntrack modules ftp; commit'

$ cp -r config before

$ for step in table-size timeouts modules "raw rules ipv4" archive "running configuration" "commit log"; do
>   CTSH_TEST_FAIL_STEP="$step" ctsh -c 'configure; set system conntrack table-size 2000; set system conntrack timeout icmp 10; delete system conntrack modules ftp; set firewall ipv4 prerouting raw rule 1 action notrack; commit'
>   echo "status $?"
>   diff -r before config && echo "unchanged after a fault in: $step"
> done
  [ table-size ]
  Failed to apply table-size: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[table-size]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: table-size
  [ timeouts ]
  Failed to apply timeouts: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[timeouts]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: timeouts
  [ modules ]
  Failed to apply modules: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[modules]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: modules
  [ raw rules ipv4 ]
  Failed to apply raw rules ipv4: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[raw rules ipv4]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: raw rules ipv4
  [ archive ]
  Failed to apply archive: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[archive]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: archive
  [ running configuration ]
  Failed to apply running configuration: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[running configuration]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: running configuration
  [ commit log ]
  Failed to apply commit log: injected fault (CTSH_TEST_FAIL_STEP)
  Every step before it was undone; the running configuration is unchanged.

  [[commit log]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  status 1
  unchanged after a fault in: commit log

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via script

$ ctsh -c 'configure; set system conntrack table-size 2000; commit'; ctsh show configuration commands
  set system conntrack modules ftp
  set system conntrack table-size '2000'

# another shell holding the commit lock: the commit is refused at once, nothing applied
$ (flock config/.lock sleep 2 &) ; sleep 0.3; ctsh -c 'configure; set system conntrack table-size 3000; commit'
  Configuration system temporarily locked due to another commit in progress
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ sleep 2; ctsh show configuration commands
  set system conntrack modules ftp
  set system conntrack table-size '2000'

