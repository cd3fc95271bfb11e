# commit: nothing to commit is not an error; failures print VyOS's [ path ] block and apply nothing.
$ ctsh -c 'configure; commit'
  No configuration changes to commit

$ ctsh -c 'configure; set system conntrack table-size 65536; commit check'
  Configuration check succeeded
  Warning: configuration changes have not been committed and were discarded.

$ ctsh show configuration

$ ctsh -c 'configure; set system conntrack table-size 65536; commit confirm'

    Use commit-confirm command

  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack table-size 65536; commit comment "size for 16k users"'

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via script
      size for 16k users

# verify: cross-field rules
$ ctsh -c 'configure; set system conntrack ignore ipv4 rule 10 destination port 53; commit'
  WARNING: It is prefered to define ipv4 conntrack ignore rules in <firewall ipv4 prerouting raw> section
  [ system conntrack ]
  Port requires tcp or udp as protocol in rule 10

  [[system conntrack]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack ignore ipv4 rule 10 protocol udp; set system conntrack ignore ipv4 rule 10 tcp flags syn; set system conntrack ignore ipv4 rule 10 tcp flags not syn; commit'
  WARNING: It is prefered to define ipv4 conntrack ignore rules in <firewall ipv4 prerouting raw> section
  [ system conntrack ]
  Protocol must be tcp when specifying tcp flags

  [ system conntrack ]
  Cannot match a tcp flag as set and not set

  [[system conntrack]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack timeout custom ipv4 rule 5 destination address 192.0.2.1; commit'
  [ system conntrack ]
  Conntrack custom timeout rule 5 requires protocol tcp or udp

  [[system conntrack]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set system conntrack timeout custom ipv4 rule 5 protocol tcp established 100; set system conntrack timeout custom ipv4 rule 5 protocol udp replied 10; commit'
  [ system conntrack ]
  conntrack custom timeout rule 5 - Cant use both tcp and udp protocol

  [[system conntrack]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set firewall ipv4 input filter raw MISSING; commit'
  [ firewall ]
  firewall ipv4 input filter raw: rule set "MISSING" does not exist; create it with "set firewall ipv4 name MISSING ..." or delete the attachment

  [[firewall]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set firewall ipv4 name A rule 1 action jump; set firewall ipv4 name A rule 2 action drop; set firewall ipv4 name A rule 2 jump-target B; commit'
  [ firewall ]
  firewall ipv4 name A rule 1: Action set to jump, but no jump-target specified

  [ firewall ]
  firewall ipv4 name A rule 2: jump-target defined, but action jump needed and it is not defined

  [ firewall ]
  firewall ipv4 name A rule 2: Invalid jump-target. Firewall name "B" does not exist on the system

  [[firewall]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set firewall ipv4 name A rule 1 action jump; set firewall ipv4 name A rule 1 jump-target B; set firewall ipv4 name B rule 1 action jump; set firewall ipv4 name B rule 1 jump-target A; commit'
  [ firewall ]
  firewall ipv4 name: rule sets jump in a loop (A -> B -> A); remove one of these jumps

  [[firewall]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set firewall ipv4 prerouting raw rule 1 action notrack; set firewall ipv4 prerouting raw rule 1 destination port 80; commit'
  [ firewall ]
  firewall ipv4 prerouting raw rule 1: Protocol must be tcp, udp, or tcp_udp when specifying a port

  [[firewall]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

$ ctsh -c 'configure; set firewall ipv4 prerouting raw rule 1 protocol tcp; commit'
  [ firewall ]
  firewall ipv4 prerouting raw rule 1: no action; set one of accept, drop, reject, return, notrack or jump

  [[firewall]] failed
  Commit failed
  Warning: configuration changes have not been committed and were discarded.
  [1]

# nothing of the failed commits was applied
$ ctsh show configuration commands
  set system conntrack table-size '65536'

$ ctsh show system commit
  0   2025-11-22 08:26:40 by tester via script
      size for 16k users

# warnings do not fail a commit
$ ctsh -c 'configure; set system conntrack hash-size 131072; set system conntrack ignore ipv6 rule 1 protocol tcp; commit'
  WARNING: It is prefered to define ipv6 conntrack ignore rules in <firewall ipv6 prerouting raw> section
  WARNING: system conntrack hash-size 131072 is larger than table-size 65536: at most table-size buckets can ever be used; set hash-size to table-size / 4 or less

$ ctsh show system commit diff 0
  [system conntrack]
  + hash-size "131072"
  + ignore {
  +     ipv6 {
  +         rule 1 {
  +             protocol "tcp"
  +         }
  +     }
  + }

$ ctsh show system commit diff 1
  + system {
  +     conntrack {
  +         table-size "65536"
  +     }
  + }

$ ctsh show system commit diff 9

    Invalid revision number 9: must be 0 <= rev < 2
  [1]

