# config.boot is applied only when no running state exists yet (first start, or after the running
# state was removed, as after a reboot for the kernel dataplane).
$ ctsh -c 'configure; set system conntrack table-size 1234; set system conntrack modules tftp; commit; save'

$ ctsh -c 'configure; set system conntrack table-size 999; commit'

$ ctsh show configuration commands
  set system conntrack modules tftp
  set system conntrack table-size '999'

$ rm -r config/running

$ ctsh show configuration commands
  set system conntrack modules tftp
  set system conntrack table-size '1234'

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via boot-config-loader
  1   2025-11-22 08:26:40 by tester via script
  2   2025-11-22 08:26:40 by tester via script

# a broken config.boot is reported and skipped; the shell still starts
$ rm -r config/running; printf 'system {\n    conntrack {\n' > config/config.boot

$ ctsh show configuration commands
  WARNING: $TESTDIR/config/config.boot: line 3: expected '}' before end of file ("system conntrack" opened on line 2); not applied, starting with an empty configuration

$ printf 'system {\n    conntrack {\n        table-size "0"\n    }\n}\n' > config/config.boot

$ ctsh show configuration commands
  [ system conntrack table-size 0 ]
  Number is not in any of allowed ranges; Invalid value

  Commit failed
  WARNING: $TESTDIR/config/config.boot was not applied; starting with an empty configuration

# a damaged running state is refused with a message, not silently replaced
$ ctsh -c 'configure; set system conntrack table-size 4321; commit'; printf 'system {' > config/running/engine.boot
  [ system conntrack table-size 0 ]
  Number is not in any of allowed ranges; Invalid value

  Commit failed
  WARNING: $TESTDIR/config/config.boot was not applied; starting with an empty configuration

$ ctsh show configuration commands
  ctsh: the running configuration of the engine dataplane is damaged (line 1: expected '}' before end of file ("system" opened on line 1)); move it away to boot from config.boot
  [1]

