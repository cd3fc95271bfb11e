# commit-confirm reverts unless confirmed in time, also after the shell has exited.
# (CTSH_TEST_MINUTE_SECONDS=1 makes each minute last one second.)
$ export CTSH_TEST_MINUTE_SECONDS=1
> ctsh -c 'configure; set system conntrack table-size 1000; commit'

$ CTSH_TEST_MINUTE_SECONDS=1 ctsh -c 'configure; set system conntrack table-size 2000; commit-confirm 2 comment "try 2000"'
  Initialized commit-confirm; 2 minutes to confirm before reload

$ ctsh -c 'configure; set system conntrack table-size 3000; commit-confirm'

    Another confirm is pending

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh show configuration commands
  set system conntrack table-size '2000'

$ ctsh -c 'configure; confirm'
  Reload timer stopped

$ ctsh -c 'configure; confirm'
  No confirm pending

$ sleep 3; ctsh show configuration commands
  set system conntrack table-size '2000'

$ CTSH_TEST_MINUTE_SECONDS=1 ctsh -c 'configure; set system conntrack table-size 4000; commit-confirm 1'
  Initialized commit-confirm; 1 minute to confirm before reload

# the detached timer reverts it on its own; nothing else runs ctsh meanwhile
$ for i in $(seq 50); do grep -q 'via commit-confirm' config/archive/commits && break; sleep 0.1; done; cat config/running/engine.boot | head -3
  system {
      conntrack {
          table-size "2000"

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via commit-confirm
      commit-confirm: not confirmed within 1 minute, previous configuration restored
  1   2025-11-22 08:26:40 by tester via script
      commit-confirm
  2   2025-11-22 08:26:40 by tester via script
      try 2000
  3   2025-11-22 08:26:40 by tester via script

$ ctsh show configuration commands
  set system conntrack table-size '2000'

# a start after the deadline reverts too (the timer process is gone here)
$ CTSH_TEST_MINUTE_SECONDS=1 ctsh -c 'configure; set system conntrack table-size 5000; commit-confirm 1'; pkill -f -- "--config-dir $CTSH_CONFIG_DIR --dataplane engine --commit-confirm-timer" ; sleep 1.5; ctsh show configuration commands
  Initialized commit-confirm; 1 minute to confirm before reload
  commit-confirm: changes were not confirmed within 1 minute; the previous configuration was restored
  set system conntrack table-size '2000'

$ ctsh -c 'configure; commit-confirm 0'

    Invalid number of minutes "0": use a whole number from 1 to 1440
  [1]

$ ctsh -c 'configure; commit-confirm abc'

    Invalid number of minutes "abc": use a whole number from 1 to 1440
  [1]

$ ctsh -c 'configure; commit-confirm 5 comment'

    Invalid commit-confirm command: [comment]
  [1]

